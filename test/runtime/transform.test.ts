import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { prepareAgentCode } from "../../src/runtime/transform.js";

const wrapped = (code: string) => `(async function () {"use strict";\n${code}\n})`;
/** Runs prepared code the way the sandbox does (an async function's body), with `f` and `xs` defined. */
async function evaluate(js: string): Promise<unknown> {
  const context = vm.createContext({ f: (value: unknown) => `called with ${String(value)}`, xs: [3, 1, 2] });
  return (vm.runInContext(js, context) as () => Promise<unknown>)();
}

describe("agent code is prepared without esbuild only when it is plain JavaScript", () => {
  it.each([
    ["a loop with <", "let n = 0; for (let i = 0; i < 3; i++) n += i; return n;", 3],
    ["a comparison and arrows", "return xs.filter((x) => x < 3).map((x) => x * 2);", [2, 4]],
    ["no < at all", "return xs.length;", 3],
  ])("%s runs as written", async (_, code, expected) => {
    const prepared = await prepareAgentCode(code);
    expect(prepared.js).toBe(wrapped(code));
    expect(await evaluate(prepared.js)).toEqual(expected);
  });

  it.each([
    // Valid JavaScript with another meaning: `(f < string) > 1` would be false.
    ["a generic call", "const string = 0; return f<string>(1);", "called with 1"],
    ["a cast", "return (<number>(xs[0] as unknown)) + 1;", 4],
    ["< and > that are comparisons", "const a = 1, b = 2; return a < b && b > a;", true],
    ["a type annotation", "const n: number = 2; return n;", 2],
  ])("%s goes through esbuild, with TypeScript's meaning", async (_, code, expected) => {
    const prepared = await prepareAgentCode(code);
    expect(prepared.js).not.toBe(wrapped(code));
    expect(await evaluate(prepared.js)).toEqual(expected);
  });
});

describe("each run's TypeScript is compiled by an esbuild of its own, under a memory limit", () => {
  it("code near the size cap still compiles: a 250 KB data literal and 250 KB of ordinary code", async () => {
    const rows: string[] = [];
    while (rows.join(",\n").length < 245_000) rows.push(`{ id: ${rows.length}, name: "item ${rows.length}", tags: ["a", "b"], score: ${rows.length * 1.5}, ok: true }`);
    const data = `const rows: { id: number }[] = [\n${rows.join(",\n")}\n];\nreturn rows.length;`;
    expect(await evaluate((await prepareAgentCode(data)).js)).toBe(rows.length);
    const block = (i: number) => `interface Row${i} { id: number; name: string }\nconst rows${i}: Row${i}[] = xs.map((x) => ({ id: x, name: f(x) }));\nfor (const row of rows${i}.filter((r) => r.id > 1)) total += row.id;\n`;
    let code = "let total: number = 0;\n";
    for (let i = 0; code.length < 245_000; i++) code += block(i);
    expect(await evaluate((await prepareAgentCode(`${code}return total;`)).js)).toBeGreaterThan(0);
  });

  it("code that makes esbuild's parser recurse without end fails alone, on memory (not at the deadline), saying why", async () => {
    await expect(prepareAgentCode(`const x: number = 1;\nreturn ${"!".repeat(250_000)}x;`)).rejects.toThrow(/took more memory than a compile may \(128 MiB\)/);
    // The next compile is not affected: nothing is shared.
    expect(await evaluate((await prepareAgentCode("const n: number = 2; return n;")).js)).toBe(2);
  });
});

describe("import() and import.meta are refused, prose about imports is not", () => {
  it.each([
    ["import.meta", "return typeof import.meta;"],
    ["import.meta behind a comment", "const m: unknown = import /* x */ . meta; return m;"],
  ])("%s is a syntax error, on either executor", async (_, code) => {
    await expect(prepareAgentCode(code)).rejects.toThrow("import() and import.meta are not available in agent code");
  });

  it("a string that speaks of an import runs", async () => {
    expect(await evaluate((await prepareAgentCode('const s: string = "Finished the import. Done"; return s;')).js)).toBe("Finished the import. Done");
  });
});

describe("agent code is strict, as a module under workerd is", () => {
  it("an undeclared name throws, this is undefined in a plain function, and with and legacy octals do not compile", async () => {
    await expect(evaluate((await prepareAgentCode("undeclared = 1; return undeclared;")).js)).rejects.toThrow("undeclared is not defined");
    expect(await evaluate((await prepareAgentCode("return (function () { return this; })();")).js)).toBeUndefined();
    // A function of its own: its `this` and `arguments`, not a wrapper's.
    expect(await evaluate((await prepareAgentCode("return [this === undefined, arguments.length];")).js)).toEqual([true, 0]);
    await expect(prepareAgentCode("with ({ a: 1 }) { return a; }")).rejects.toThrow("With statements cannot be used in strict mode");
    await expect(prepareAgentCode("return 010;")).rejects.toThrow("Legacy octal literals cannot be used in strict mode");
  });
});
