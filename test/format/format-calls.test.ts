import { readFile } from "node:fs/promises";
import { format } from "prettier";
import { describe, expect, it, vi } from "vitest";
import { emitApis } from "../../src/emit/emit.js";
import { formatBlock } from "../../src/format/format.js";
import { FORMAT_OPTIONS } from "../../src/format/options.js";
import { parseSnapshot } from "../../src/snapshot/read.js";

// What codemode hands prettier, counted; the output is compared with prettier's own Node entry,
// which codemode does not load (it loads the standalone build: `src/format/prettier.ts`).
const prettier = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock("../../src/format/prettier.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/format/prettier.js")>();
  return { formatCode: (code: string, parser: "typescript" | "babel") => (prettier.calls.push(code), original.formatCode(code, parser)) };
});

describe("what goes to prettier", () => {
  it("only the statements it may change, in one call per namespace", async () => {
    const file = "test/fixtures/servers/mapbox.json";
    const block = emitApis([parseSnapshot(await readFile(file, "utf8"), "mapbox", file)]).apis[0]!.block;
    prettier.calls.length = 0;
    const formatted = await formatBlock(block);
    expect(prettier.calls).toHaveLength(1);
    expect(prettier.calls[0]!.length).toBeLessThan(block.length / 2);
    expect(formatted).toBe(await format(block, { ...FORMAT_OPTIONS, parser: "typescript" }));
  });

  it("nothing when every statement is already as prettier prints it", async () => {
    const file = "test/fixtures/servers/playwright.json";
    const block = emitApis([parseSnapshot(await readFile(file, "utf8"), "playwright", file)]).apis[0]!.block;
    prettier.calls.length = 0;
    expect(await formatBlock(block)).toBe(block);
    expect(prettier.calls).toEqual([]);
  });
});
