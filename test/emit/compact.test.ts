import { describe, expect, it } from "vitest";
import { emitInput } from "../helpers/schema.js";

const point = { type: "object", properties: { longitude: { type: "number" }, latitude: { type: "number" } }, required: ["longitude", "latitude"], additionalProperties: false };

describe("typings spend no tokens on what the type already says", () => {
  it("an object type without member docs is one line; with a doc, a member a line", () => {
    const { block } = emitInput({
      type: "object",
      properties: { from: point, to: { ...point, properties: { ...point.properties, latitude: { type: "number", description: "Degrees north" } } } },
      additionalProperties: false,
    });
    expect(block).toContain("from?: { longitude: number; latitude: number };");
    expect(block).toMatch(/to\?: \{\n\s+longitude: number;\n\s+\/\*\* Degrees north \*\/\n\s+latitude: number;\n\s+\};/);
  });

  it("an interface keeps a member a line, however small", () => {
    const { block } = emitInput(point);
    expect(block).toMatch(/interface TInput \{\n\s+longitude: number;\n\s+latitude: number;\n\s+\}/);
  });

  it("a tuple's item counts are not repeated as @minItems / @maxItems, other counts are kept", () => {
    const tuple = { type: "array", items: [{ type: "number" }, { type: "number" }], minItems: 2, maxItems: 2 };
    const longer = { type: "array", items: [{ type: "number" }], minItems: 3 };
    const list = { type: "array", items: { type: "number" }, minItems: 2, maxItems: 4 };
    const { block } = emitInput({ type: "object", properties: { tuple, longer, list }, additionalProperties: false });
    expect(block).toContain("tuple?: [number, number];");
    expect(block).not.toMatch(/@m(in|ax)Items 2 \*\/\n\s+tuple/);
    expect(block).toContain("@minItems 3");
    expect(block).toContain("@minItems 2 @maxItems 4");
  });
});
