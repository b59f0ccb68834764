import fc from "fast-check";

type Json = Record<string, unknown>;

/** Keys that break naive emitters: punctuation, reserved words, prototype names, digits, unicode. */
const KEYS = [
  "name", "If-Match", "fill-opacity", "fillOpacity", "function", "private", "__proto__", "constructor",
  "2fa", "naïve", "a.b", "a/b", "with space", "*/", "class", "x",
];
const text = fc.constantFrom("plain", "ends */ early", "/* open", "line\nbreak", "@default lies", "");

/** Options for {@link jsonSchema}. */
export interface SchemaOptions {
  /** Only forms whose instances a generator can build and Ajv 2020 checks the same way (no allOf, no draft-07 tuples, no nullable). */
  fidelity?: boolean;
}

/**
 * Random JSON Schemas: every keyword codemode types, nested, with `$ref`s into random
 * `$defs` (recursive ones too). The root is an object, as a tool's input schema is.
 */
export function toolInputSchema(options: SchemaOptions = {}): fc.Arbitrary<Json> {
  // Ajv does not apply `properties.__proto__` to instances, so it cannot be the judge of that key.
  const hazardKey = fc.constantFrom(...KEYS.filter((key) => !options.fidelity || key !== "__proto__"));
  const defNames = ["def0", "Node", "a-b", "Json"];
  const { node } = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf(options),
      fc.record({ type: fc.constant("array"), items: tie("node") }),
      objectNode(tie("node"), hazardKey, options),
      fc.record({ anyOf: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
      fc.record({ oneOf: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
      // The properties only in the members, as servers often write it.
      fc.record({ type: fc.constant("object"), anyOf: fc.array(objectNode(tie("node"), hazardKey, options), { minLength: 1, maxLength: 3 }) }),
      fc.record({ $ref: fc.constantFrom(...defNames.map((n) => `#/$defs/${n}`)) }),
      fc.record({ type: fc.constant("array"), prefixItems: fc.array(tie("node"), { minLength: 1, maxLength: 3 }), items: fc.oneof(fc.constant(false), tie("node")) }, { requiredKeys: ["type", "prefixItems"] }),
      ...(options.fidelity
        ? []
        : [
            fc.record({ allOf: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
            fc.record({ type: fc.constant("array"), items: fc.array(tie("node"), { minLength: 1, maxLength: 3 }), additionalItems: fc.boolean() }),
            fc.record({ type: fc.constantFrom("string", "number"), nullable: fc.boolean() }),
            fc.constant({ $ref: "#" }),
            fc.constant({ $ref: "https://example.com/external.json" }),
          ]),
    ),
  }));
  const defs = fc.dictionary(fc.constantFrom(...defNames), node, { maxKeys: 4 });
  return fc.record({ props: fc.dictionary(hazardKey, node, { maxKeys: 5 }), required: fc.array(hazardKey, { maxLength: 3 }), defs, closed: fc.boolean() }).map(
    ({ props, required, defs: $defs, closed }) => {
      // Refs to definitions that were not drawn would only test the "points nowhere" warning; give them a target.
      for (const name of defNames) if (!(name in $defs)) setOwn($defs, name, { type: "string" });
      const schema: Json = { type: "object", properties: props, required: [...new Set(required)], $defs };
      if (!options.fidelity || closed) schema.additionalProperties = false;
      return schema;
    },
  );
}

function leaf(options: SchemaOptions): fc.Arbitrary<unknown> {
  const described = (arb: fc.Arbitrary<Json>) =>
    fc.tuple(arb, fc.option(text, { nil: undefined })).map(([schema, description]) => (description === undefined ? schema : { ...schema, description }));
  const primitive = fc.constantFrom("string", "number", "integer", "boolean", "null");
  return fc.oneof(
    described(fc.record({ type: primitive })),
    described(fc.record({ type: fc.uniqueArray(primitive, { minLength: 1, maxLength: 3 }) })),
    described(fc.record({ enum: fc.uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 5 }), fc.constant(null), fc.boolean()), { minLength: 1, maxLength: 4, selector: (v) => JSON.stringify(v) }) })),
    described(fc.record({ const: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean()) })),
    // Free-form data (kubectl patches, helm values, n8n node parameters): an open object.
    described(fc.constant({ type: "object" })),
    ...(options.fidelity ? [] : [fc.constant(true), fc.constant(false), fc.constant({ description: "no type */" }), fc.constant({})]),
  );
}

function objectNode(child: fc.Arbitrary<unknown>, hazardKey: fc.Arbitrary<string>, options: SchemaOptions): fc.Arbitrary<Json> {
  return fc
    .record({
      props: fc.dictionary(hazardKey, child, { maxKeys: 4 }),
      required: fc.array(hazardKey, { maxLength: 2 }),
      extra: options.fidelity ? fc.constantFrom(undefined, false, true) : fc.oneof(fc.constantFrom(undefined, false, true), child),
    })
    .map(({ props, required, extra }) => {
      const schema: Json = { type: "object", properties: props, required: [...new Set(required)] };
      if (extra !== undefined) schema.additionalProperties = extra;
      return schema;
    });
}

function setOwn(target: Json, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
