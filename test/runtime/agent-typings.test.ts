import { readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { agentTypings, agentTypingsCacheFile, MAX_AGE_DAYS } from "../../src/runtime/agent-typings.js";
import { parseSnapshot } from "../../src/snapshot/read.js";
import type { ServerListing } from "../../src/snapshot/types.js";

const FIXTURE = "test/fixtures/servers/sequential-thinking.json";
const made: ServerListing[][] = [];

/** A listing no other test (or earlier run) has cached: its server name is new. */
async function freshListings(): Promise<ServerListing[]> {
  const listings = [parseSnapshot(await readFile(FIXTURE, "utf8"), FIXTURE, `s${randomUUID().slice(0, 8)}`)];
  made.push(listings);
  return listings;
}

afterAll(async () => {
  for (const listings of made) await rm(agentTypingsCacheFile(listings) ?? "", { force: true });
});

describe("agent typings are cached between processes", () => {
  it("a second runtime over the same listings reads the first one's typings instead of emitting them", async () => {
    const listings = await freshListings();
    const first = vi.fn(async () => "declare namespace first {}\n");
    const second = vi.fn(async () => "declare namespace second {}\n");
    expect(await agentTypings(listings, first)).toBe("declare namespace first {}\n");
    expect(await agentTypings(listings, second)).toBe("declare namespace first {}\n");
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    expect(await readFile(agentTypingsCacheFile(listings)!, "utf8")).toMatch(/^\/\/ codemode agent typings, sha256 [0-9a-f]{64}\ndeclare namespace first \{\}\n$/);
  });

  it("an entry cut short, emptied or edited is emitted and written again", async () => {
    const listings = await freshListings();
    const file = agentTypingsCacheFile(listings)!;
    await agentTypings(listings, async () => "declare namespace whole {}\n");
    const written = await readFile(file, "utf8");
    for (const damaged of [written.slice(0, -5), "", written.replace("whole", "wrong")]) {
      await writeFile(file, damaged);
      const emit = vi.fn(async () => "declare namespace whole {}\n");
      expect(await agentTypings(listings, emit)).toBe("declare namespace whole {}\n");
      expect(emit).toHaveBeenCalledTimes(1);
      expect(await readFile(file, "utf8")).toBe(written);
    }
  });

  it("a new entry removes those written more than two weeks before, and no newer one", async () => {
    const dir = path.dirname(agentTypingsCacheFile(await freshListings())!);
    const name = () => path.join(dir, `agent-typings-${randomUUID().replace(/-/g, "").repeat(2)}.d.ts`);
    const [old, recent] = [name(), name()];
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    for (const file of [old, recent]) await writeFile(file, "// codemode agent typings, sha256 0\n");
    await utimes(old, days(MAX_AGE_DAYS + 1), days(MAX_AGE_DAYS + 1));
    await utimes(recent, days(MAX_AGE_DAYS - 1), days(MAX_AGE_DAYS - 1));
    try {
      const listings = await freshListings();
      await agentTypings(listings, async () => "first\n");
      await expect(stat(old)).rejects.toThrow(/ENOENT/);
      expect((await stat(recent)).isFile()).toBe(true);
      expect(await readFile(agentTypingsCacheFile(listings)!, "utf8")).toContain("first\n");
    } finally {
      await rm(old, { force: true });
      await rm(recent, { force: true });
    }
  });

  it("another snapshot, or the same one with a tool the policy hides, is another entry", async () => {
    const listings = await freshListings();
    await agentTypings(listings, async () => "all tools\n");
    const changed: ServerListing[] = [{ ...listings[0]!, snapshot: { ...listings[0]!.snapshot, tools: [] } }];
    made.push(changed);
    const emit = vi.fn(async () => "no tools\n");
    expect(await agentTypings(changed, emit)).toBe("no tools\n");
    expect(emit).toHaveBeenCalledTimes(1);
    expect(agentTypingsCacheFile(changed)).not.toBe(agentTypingsCacheFile(listings));
  });

  it("a runtime's typings are the emitter's: a cached entry holds what emitting gives", async () => {
    const listings = await freshListings();
    const { agentTypingsOf } = await import("../../src/runtime/api-views.js");
    const typings = await agentTypings(listings, async () => agentTypingsOf(listings));
    expect(typings).toContain(`declare namespace ${listings[0]!.name}`);
    expect(await agentTypings(listings, async () => "not this")).toBe(agentTypingsOf(listings));
  });
});
