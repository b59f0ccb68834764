import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

const CACHE = path.resolve("node_modules/.cache/codemode");

async function shimEntries(): Promise<string[]> {
  return (await readdir(CACHE).catch(() => [] as string[])).filter((name) => /^shim-[0-9a-f]{16}\.js$/.test(name));
}

/** A fresh copy of the module (its once-per-process promise unset). */
async function freshCachedShim(): Promise<() => Promise<string>> {
  vi.resetModules();
  return (await import("../../src/format/shim-cache.js")).cachedShim;
}

describe("the bundled shim, cached between runs", () => {
  it("is the shim bundleShim makes, and is kept in node_modules/.cache/codemode", async () => {
    for (const name of await shimEntries()) await rm(path.join(CACHE, name));
    const { bundleShim } = await import("../../src/emit/shim.js");
    const made = await (await freshCachedShim())();
    expect(made).toBe(await bundleShim());
    const [entry] = await shimEntries();
    expect(entry).toBeDefined();
    expect(await readFile(path.join(CACHE, entry!), "utf8")).toBe(made);
  });

  it("is read from the cache by the next run, without bundling", async () => {
    await (await freshCachedShim())();
    const [entry] = await shimEntries();
    const file = path.join(CACHE, entry!);
    const original = await readFile(file, "utf8");
    // A marked entry shows where the text came from.
    await writeFile(file, `${original}// from the cache\n`);
    try {
      expect(await (await freshCachedShim())()).toBe(`${original}// from the cache\n`);
    } finally {
      await writeFile(file, original);
    }
  });
});
