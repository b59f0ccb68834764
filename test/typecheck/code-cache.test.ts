import { execFile } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

async function load(cacheDir: string): Promise<{ fromCache: boolean; version: string; statements: number }> {
  const { stdout } = await run(process.execPath, ["test/typecheck/fixtures/load-compiler.mjs", cacheDir], { timeout: 60_000 });
  return JSON.parse(stdout.trim()) as { fromCache: boolean; version: string; statements: number };
}

describe("the type checker's compiler loads from a V8 code cache", () => {
  it("writes the cache on the first start, takes it on the next, and compiles from source when it is damaged", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-code-cache-"));
    const first = await load(dir);
    expect(first).toMatchObject({ fromCache: false, statements: 1 });
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith(".v8"))).toHaveLength(2);
    expect(await load(dir)).toEqual({ ...first, fromCache: true });
    // V8 refuses a cache that is not its own; the compiler still loads and works.
    for (const file of files) await writeFile(path.join(dir, file), "not a code cache");
    expect(await load(dir)).toEqual({ ...first, fromCache: false });
    expect(await load(dir)).toEqual({ ...first, fromCache: true });
  });

  it("goes without a cache where it cannot write one", async () => {
    const blocked = path.join(await mkdtemp(path.join(os.tmpdir(), "codemode-code-cache-")), "file");
    await writeFile(blocked, "a file where the folder would be");
    expect(await load(path.join(blocked, "cache"))).toMatchObject({ fromCache: false, statements: 1 });
  });
});
