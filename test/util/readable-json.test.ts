import { describe, expect, it } from "vitest";
import { readableJson } from "../../src/util/readable-json.js";

describe("a returned value as readable JSON", () => {
  it("is indented when shallow and small", () => {
    expect(readableJson({ a: [1, { b: "c" }] })).toBe('{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}');
  });

  it("stays compact when indentation would be most of it (outside attack: 400 KB printed as 400 MB)", () => {
    let value: unknown = new Array(200_000).fill(0);
    for (let i = 0; i < 990; i++) value = [value];
    const text = readableJson(value);
    expect(text).toBe(JSON.stringify(value));
    const wide = Array.from({ length: 100_000 }, (_, i) => ({ i, text: "x".repeat(10) }));
    expect(readableJson(wide)).toBe(JSON.stringify(wide));
  });
});
