import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { watchGenerate, type WatchEvent } from "../../src/watch/watch.js";
import { writeConfig } from "../helpers/project.js";

/** Resolves when an event matching `test` arrives after the first `from` events (or fails after `ms`). */
function waitFor(events: WatchEvent[], test: (e: WatchEvent) => boolean, from = 0, ms = 15_000): Promise<WatchEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = events.slice(from).find(test);
      if (found) (clearInterval(poll), resolve(found));
      else if (Date.now() - started > ms) (clearInterval(poll), reject(new Error(`timed out; events: ${JSON.stringify(events.map((e) => [e.type, "reason" in e ? e.reason : ""]))}`)));
    }, 50);
  });
}

describe("generate --watch", () => {
  it("regenerates when a snapshot changes, and when a live server sends tools/list_changed", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-watch-"));
    await writeFile(path.join(dir, "tools.json"), JSON.stringify(["first"]));
    await writeFile(path.join(dir, "snap.json"), JSON.stringify({ tools: [{ name: "alpha", inputSchema: { type: "object" } }] }));
    await writeConfig(dir, {
      outDir: "out",
      servers: {
        snap: { snapshot: "snap.json" },
        live: { command: process.execPath, args: [path.resolve("test/fixtures/faulty/changing.mjs")], env: { TOOLS_FILE: path.join(dir, "tools.json") } },
      },
    });
    const events: WatchEvent[] = [];
    const stop = await watchGenerate({ cwd: dir, debounceMs: 100 }, (event) => events.push(event));
    try {
      expect(events[0]).toMatchObject({ type: "generated", reason: "start" });
      await waitFor(events, (e) => e.type === "waiting");

      let seen = events.length;
      await writeFile(path.join(dir, "snap.json"), JSON.stringify({ tools: [{ name: "alpha", inputSchema: { type: "object" } }, { name: "beta", inputSchema: { type: "object" } }] }));
      await waitFor(events, (e) => e.type === "generated" && e.reason.endsWith("snap.json changed"), seen);
      expect(await readFile(path.join(dir, "out/snap/index.d.ts"), "utf8")).toContain("function beta(");
      // Connected again (and listening) only once the cycle says it is waiting.
      await waitFor(events, (e) => e.type === "waiting", seen);
      seen = events.length;

      await writeFile(path.join(dir, "tools.json"), JSON.stringify(["first", "second"]));
      await waitFor(events, (e) => e.type === "generated" && e.reason === 'server "live" changed its tools', seen);
      expect(await readFile(path.join(dir, "out/live/index.d.ts"), "utf8")).toContain("function second(");
      expect(JSON.parse(await readFile(path.join(dir, "out/live/package.json"), "utf8")).version).toBe("1.1.0");
    } finally {
      await stop();
    }
  }, 40_000);
});
