import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ArgumentValidator } from "../../src/runtime/validate-args.js";

const check = (schema: object, args: unknown) => new ArgumentValidator().check("s\u0000t", { type: "object", properties: { x: schema } } as never, { x: args });

/**
 * A server's schema chooses the keyword and agent code the arguments, and the check runs on the
 * host's one thread: `pattern` and `uniqueItems` are checked in linear time. The slow cases run in
 * a child process given 30 s: checked in linear time they take milliseconds; without, the
 * pattern's 2^40 backtracking steps and the 200,000 objects' pairwise comparisons would not end.
 */
describe("argument checks that agent code could make as slow as it likes", () => {
  it("a backtracking pattern on a long non-match, and uniqueItems over 200,000 objects, answer at once", () => {
    const script = `
      import { ArgumentValidator } from ${JSON.stringify(new URL("../../src/runtime/validate-args.ts", import.meta.url).href)};
      const check = (schema, args) => new ArgumentValidator().check("s\\u0000t", { type: "object", properties: { x: schema } }, { x: args });
      const items = Array.from({ length: 200000 }, (_, i) => ({ id: i, name: "n" + i }));
      console.log(JSON.stringify([check({ type: "string", pattern: "^([a-zA-Z0-9]+\\\\s?)*$" }, "a".repeat(40) + "!"), check({ type: "array", uniqueItems: true }, items)]));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(child.signal, "the checks did not end within 30 s").toBeNull();
    expect(JSON.parse(child.stdout)).toEqual([[expect.stringContaining("must match pattern")], []]);
  });

  it("patterns still hold", () => {
    expect(check({ type: "string", pattern: "^[a-z]+$" }, "abc")).toEqual([]);
    expect(check({ type: "string", pattern: "^[a-z]+$" }, "A1")).toEqual([expect.stringContaining("must match pattern")]);
    expect(check({ type: "object", patternProperties: { "^n_": { type: "number" } } }, { n_a: "x", other: "y" })).toEqual([expect.stringContaining("must be number")]);
  });

  it("a pattern the linear engine cannot run (a backreference), or whose meaning needs Unicode mode here, is left to the server: never a wrong refusal", () => {
    expect(check({ type: "string", pattern: "^(a)\\1$" }, "ab")).toEqual([]);
    expect(check({ type: "string", pattern: "^\\p{L}+$" }, "123")).toEqual([]);
    // One character outside the BMP: one code point in Unicode mode, two code units without it.
    expect(check({ type: "string", pattern: "^.$" }, "😀")).toEqual([]);
    expect(check({ type: "string", pattern: "^.$" }, "ab")).toEqual([expect.stringContaining("must match pattern")]);
  });

  it("uniqueItems still finds duplicates, whatever their key order", () => {
    expect(check({ type: "array", uniqueItems: true }, [{ a: 1, b: [2, { c: 3 }] }, { b: [2, { c: 3 }], a: 1 }])).toEqual([expect.stringContaining("must NOT have duplicate items")]);
    expect(check({ type: "array", uniqueItems: true }, [1, "1", [1], { 1: 1 }])).toEqual([]);
    expect(check({ type: "array", uniqueItems: false }, [1, 1])).toEqual([]);
  });
});
