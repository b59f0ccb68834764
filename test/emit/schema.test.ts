import { describe, expect, it } from "vitest";
import { emitInput, propertyType } from "../helpers/schema.js";

/** given: a property's schema; want: its printed TypeScript type. */
const cases: [name: string, given: unknown, want: string][] = [
  ["string", { type: "string" }, "string"],
  ["integer", { type: "integer" }, "number"],
  ["type array", { type: ["boolean", "string"] }, "boolean | string"],
  ["nullable (OpenAPI)", { type: "string", nullable: true }, "string | null"],
  ["array of a union keeps its parentheses", { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }] } }, "(string | number)[]"],
  ["array of a type array", { type: "array", items: { type: ["string", "null"] } }, "(string | null)[]"],
  ["array without items", { type: "array" }, "unknown[]"],
  ["draft-07 tuple, closed by maxItems", { type: "array", items: [{ type: "number" }, { type: "number" }], minItems: 2, maxItems: 2 }, "[number, number]"],
  ["draft-07 tuple, open", { type: "array", items: [{ type: "number" }] }, "[number?, ...unknown[]]"],
  ["2020-12 tuple with rest", { type: "array", prefixItems: [{ type: "string" }], items: { type: "number" }, minItems: 1 }, "[string, ...number[]]"],
  ["2020-12 tuple, closed", { type: "array", prefixItems: [{ type: "string" }], items: false }, "[string?]"],
  ["enum", { enum: ["a", "b", 1, null] }, '"a" | "b" | 1 | null'],
  ["const", { const: "x" }, '"x"'],
  ["object const", { const: { a: [1, "b"] } }, "{ a: [1, \"b\"] }"],
  ["description and no type is unknown, not an object", { description: "anything" }, "unknown"],
  ["true schema", true, "unknown"],
  ["false schema", false, "never"],
  ["closed empty object accepts nothing, unlike {}", { type: "object", additionalProperties: false }, "Record<string, never>"],
  ["object without properties is free-form data: open", { type: "object" }, "Record<string, unknown>"],
  ["empty properties are free-form too", { type: "object", properties: {} }, "Record<string, unknown>"],
  ["open object", { type: "object", additionalProperties: true }, "Record<string, unknown>"],
  ["map", { type: "object", additionalProperties: { type: "number" } }, "Record<string, number>"],
  ["members beside an index schema", { type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "number" } }, "{ a?: string; [key: string]: unknown }"],
  ["required without properties", { type: "object", required: ["id"] }, "{ id: unknown; [key: string]: unknown }"],
  ["anyOf", { anyOf: [{ type: "string" }, { type: "null" }] }, "string | null"],
  ["oneOf with unknown member is unknown", { oneOf: [{ type: "string" }, {}] }, "unknown"],
  ["allOf", { allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { type: "object", properties: { b: { type: "number" } }, required: ["b"] }] }, "{ a: string } & { b: number }"],
  ["union inside intersection", { allOf: [{ anyOf: [{ type: "string" }, { type: "number" }] }, { type: "string" }] }, "(string | number) & string"],
  ["external ref", { $ref: "https://example.com/x.json" }, "unknown"],
  ["an object whose members carry the properties", { type: "object", oneOf: [{ properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: "number" } }, required: ["b"] }] }, "{ a: string } | { b: number }"],
  ["properties with no type mean an object", { properties: { a: { type: "string" } } }, "{ a?: string }"],
];

describe("schema → type", () => {
  it.each(cases)("%s", (_name, given, want) => expect(propertyType(given, true)).toBe(want));
});

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
const A = { type: "object", properties: { a: { type: "string" } } };

/** given: a property's schema and the root's dialect (2020-12 when absent); want: its printed type. */
const readings: [name: string, given: unknown, dialect: string | undefined, want: string][] = [
  ["free-form object in a union", { anyOf: [{ type: "object" }, { type: "string" }] }, undefined, "Record<string, unknown> | string"],
  ["free-form array or object", { type: ["array", "object"] }, undefined, "unknown[] | Record<string, unknown>"],
  ["$ref siblings apply from 2019-09 on", { $ref: "#/properties/a", properties: { b: { type: "number" } } }, undefined, "{ b?: number; a?: unknown } & { a?: string }"],
  ["$ref siblings are ignored in draft-07", { $ref: "#/properties/a", properties: { b: { type: "number" } } }, DRAFT_07, "{ a?: string }"],
  ["unevaluatedProperties: false closes", { type: "object", properties: { a: { type: "string" } }, unevaluatedProperties: false }, undefined, "{ a?: string }"],
  ["unevaluatedProperties: true opens", { type: "object", properties: { a: { type: "string" } }, unevaluatedProperties: true }, undefined, "{ a?: string; [key: string]: unknown }"],
  ["unevaluatedProperties schema types other keys", { type: "object", unevaluatedProperties: { type: "number" } }, undefined, "Record<string, number>"],
  ["unevaluatedProperties: false spares what allOf evaluates", { type: "object", properties: { a: { type: "string" } }, allOf: [{ properties: { b: { type: "number" } } }], unevaluatedProperties: false }, undefined, "{ a?: string; b?: unknown } & { b?: number }"],
  ["unevaluatedProperties without type leaves other JSON types valid", { unevaluatedProperties: false }, undefined, "string | number | boolean | null | unknown[] | Record<string, never>"],
  ["dependentRequired", { type: "object", properties: { a: { type: "string" }, b: { type: "number" } }, dependentRequired: { a: ["b"] } }, undefined, "{ a?: string; b?: number } & ({ a?: never } | { a: unknown; b: unknown })"],
  ["dependentSchemas add their keys where the trigger is", { type: "object", properties: { a: { type: "string" } }, dependentSchemas: { a: { properties: { b: { type: "number" } }, required: ["b"] } } }, undefined, "{ a?: string; b?: unknown } & ({ a?: never } | { a: unknown; b: unknown } & { b: number })"],
  ["draft-07 dependencies, array form", { type: "object", properties: { a: { type: "string" } }, dependencies: { a: ["b"] } }, DRAFT_07, "{ a?: string } & ({ a?: never } | { a: unknown; b: unknown })"],
  ["dependencies mean nothing in 2020-12", { type: "object", properties: { a: { type: "string" } }, dependencies: { a: ["b"] } }, undefined, "{ a?: string }"],
  ["additionalProperties: false forbids what applicators add", { type: "object", properties: { a: { type: "string" } }, allOf: [{ properties: { b: { type: "number" } } }], additionalProperties: false }, undefined, "{ a?: string; b?: never } & { b?: number }"],
  ["not const removes a literal", { enum: ["a", "b", "c"], not: { const: "b" } }, undefined, '"a" | "c"'],
  ["not const splits boolean", { type: "boolean", not: { const: true } }, undefined, "false"],
  ["not type lists the other JSON types", { not: { type: "string" } }, undefined, "number | boolean | null | unknown[] | Record<string, unknown>"],
  ["not of what TypeScript cannot exclude changes nothing", { type: "string", not: { pattern: "^a" } }, undefined, "string"],
  ["not {} admits nothing", { not: {} }, undefined, "never"],
  ["if/then/else on a const property", { type: "object", properties: { kind: { enum: ["a", "b"] }, x: { type: "number" } }, required: ["kind"], if: { properties: { kind: { const: "a" } }, required: ["kind"] }, then: { required: ["x"] } }, undefined, '{ kind: "a" | "b"; x?: number } & ({ kind: "a" } & { x: unknown } | { kind?: "b" })'],
  ["oneOf of required keys under an object", { type: "object", oneOf: [{ required: ["a"] }, { required: ["b"] }] }, undefined, "{ a: unknown; [key: string]: unknown } | { b: unknown; [key: string]: unknown }"],
  ["oneOf with two members that accept anything admits nothing", { oneOf: [true, {}, { type: "string" }] }, undefined, "never"],
  ["if/then/else as a union", { if: { type: "string" }, then: { minLength: 2 }, else: { type: "number" } }, undefined, "string | number"],
];

describe("readings that depend on keywords beside the type", () => {
  it.each(readings)("%s", (_name, given, dialect, want) => {
    const input = { a: A, p: given };
    const { block } = emitInput({ ...(dialect ? { $schema: dialect } : {}), type: "object", properties: input, required: ["p"], additionalProperties: false });
    const match = /\n    p: ([\s\S]*?);\n  \}\n/.exec(block);
    expect(match?.[1]?.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")")).toBe(want);
  });

  it("every reading compiles under --strict", async () => {
    const { compileCheck } = await import("../../src/compile/check.js");
    const { COMMON_TYPES } = await import("../../src/emit/common.js");
    for (const [, given, dialect] of readings) {
      const { block } = emitInput({ ...(dialect ? { $schema: dialect } : {}), type: "object", properties: { a: A, p: given } });
      expect(() => compileCheck(`${COMMON_TYPES}\n${block}`)).not.toThrow();
    }
  });
});

describe("definitions", () => {
  it("names $defs and shares identical ones across tools but not same-named different ones", () => {
    const { block } = emitInput({
      type: "object",
      properties: { a: { $ref: "#/$defs/def0" }, b: { $ref: "#/definitions/Other" } },
      $defs: { def0: { type: "string", description: "first" } },
      definitions: { Other: { type: "number" } },
    });
    expect(block).toContain("a?: Def0;");
    expect(block).toContain("b?: Other;");
    expect(block).toMatch(/\/\*\* first \*\/\n\s+type Def0 = string;/);
  });

  it("types recursive definitions, and a definition that is only itself as unknown", () => {
    const { block } = emitInput({
      type: "object",
      properties: { tree: { $ref: "#/$defs/Node" }, loop: { $ref: "#/$defs/Loop" } },
      $defs: {
        Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/Node" } } } },
        Loop: { anyOf: [{ $ref: "#/$defs/Loop" }, { type: "string" }] },
      },
    });
    expect(block).toContain("children?: Node[];");
    expect(block).toContain("type Loop = unknown;");
  });

  it("points '#' at the root type and inlines other local pointers", () => {
    const { block } = emitInput({ type: "object", properties: { self: { $ref: "#" }, copy: { $ref: "#/properties/kind" }, kind: { const: "k" } } });
    expect(block).toContain("self?: TInput;");
    expect(block).toContain('copy?: "k";');
  });

  it("warns, naming tool and pointer, for what it cannot resolve", () => {
    const { warnings } = emitInput({ type: "object", properties: { x: { $ref: "#/$defs/Missing" } } });
    expect(warnings).toEqual(['server "s": tool "t": at /properties/x: $ref #/$defs/Missing points nowhere; typed as unknown']);
  });
});

describe("tool signatures", () => {
  it("takes no required argument when nothing is required, and nothing at all when there are no parameters", () => {
    expect(emitInput({ type: "object", properties: {} }).block).toContain("function t(input?: Record<string, never>): Promise<ToolResult>;");
    expect(emitInput({ type: "object", properties: { a: { type: "string" } } }).block).toContain("function t(input?: TInput)");
    expect(emitInput({ type: "object", properties: { a: { type: "string" } }, required: ["a"] }).block).toContain("function t(input: TInput)");
  });

  it("resolves to the output type when the tool declares an outputSchema", () => {
    const { block } = emitInput({ type: "object" }, { type: "object", properties: { n: { type: "number" } }, required: ["n"] });
    expect(block).toContain("interface TOutput {\n    n: number;\n  }");
    expect(block).toContain("Promise<TOutput>");
  });

  it("types a schema without type object as an open object, with a warning", () => {
    const result = emitInput({ $schema: "http://json-schema.org/draft-07/schema#" });
    expect(result.block).toContain("function t(input?: Record<string, unknown>)");
    expect(result.warnings[0]).toContain('tool "t": inputSchema lacks "type": "object"');
  });
});

describe("recursion TypeScript rejects", () => {
  it.each([
    ["through a nested optional tuple", { anyOf: [{ type: "array", prefixItems: [{ type: "array", prefixItems: [{ $ref: "#/$defs/N" }] }] }, { type: "string" }] }],
    ["through an array of tuples", { anyOf: [{ const: false }, { type: "array", items: { type: "array", prefixItems: [{ type: "array", items: { $ref: "#/$defs/N" } }] } }] }],
    ["through a tuple of arrays", { type: "array", prefixItems: [{ type: "array", items: { type: "array", prefixItems: [{ $ref: "#/$defs/N" }] } }] }],
  ])("becomes unknown %s, and compiles", async (_name, def) => {
    const { compileCheck } = await import("../../src/compile/check.js");
    const { COMMON_TYPES } = await import("../../src/emit/common.js");
    const { block } = emitInput({ type: "object", properties: { n: { $ref: "#/$defs/N" } }, $defs: { N: def } });
    expect(block).toContain("unknown");
    expect(() => compileCheck(`${COMMON_TYPES}\n${block}`)).not.toThrow();
  });

  it("keeps the recursion TypeScript accepts: arrays and objects", () => {
    const { block } = emitInput({ type: "object", properties: { j: { $ref: "#/$defs/Json" } }, $defs: { Json: { anyOf: [{ type: "string" }, { type: "array", items: { $ref: "#/$defs/Json" } }] } } });
    expect(block).toContain("type Json = string | Json[];");
  });
});
