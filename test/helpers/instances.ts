type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A small seeded generator, so a fast-check seed reproduces the same instances. */
export function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

function resolve(schema: unknown, root: Json): unknown {
  if (isObject(schema) && typeof schema.$ref === "string" && schema.$ref.startsWith("#/")) {
    let node: unknown = root;
    for (const part of schema.$ref.slice(2).split("/")) node = isObject(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    return node;
  }
  return schema;
}

/** A value that probably satisfies the schema (callers check with Ajv and keep those that do). */
export function instanceOf(schema: unknown, root: Json, rng: Random, depth = 0): unknown {
  schema = resolve(schema, root);
  if (!isObject(schema) || depth > 6) return null;
  if (Array.isArray(schema.enum)) return rng.pick(schema.enum);
  if ("const" in schema) return schema.const;
  for (const combinator of ["anyOf", "oneOf"]) {
    if (Array.isArray(schema[combinator])) return instanceOf(rng.pick(schema[combinator] as unknown[]), root, rng, depth + 1);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  switch (rng.pick(types)) {
    case "string":
      return rng.pick(["", "a", "*/", "naïve"]);
    case "number":
      return withinRange(schema, rng.pick([0, 1.5, -3]));
    case "integer":
      return withinRange(schema, rng.pick([0, 7, -2]));
    case "boolean":
      return rng.chance(0.5);
    case "null":
      return null;
    case "array":
      return arrayOf(schema, root, rng, depth);
    case "object":
      return objectOf(schema, root, rng, depth);
    default:
      return rng.pick([1, "x", null, [], {}]);
  }
}

/** Moves a number into `minimum`..`maximum`, so range-bound schemas get valid instances too. */
function withinRange(schema: Json, value: number): number {
  if (typeof schema.minimum === "number" && value < schema.minimum) return schema.minimum;
  if (typeof schema.maximum === "number" && value > schema.maximum) return schema.maximum;
  return value;
}

function arrayOf(schema: Json, root: Json, rng: Random, depth: number): unknown[] {
  const out: unknown[] = [];
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  if (tuple) {
    const rest = Array.isArray(schema.prefixItems) ? schema.items : schema.additionalItems;
    const count = Math.floor(rng.next() * (tuple.length + 1));
    for (let i = 0; i < count; i++) out.push(instanceOf(tuple[i], root, rng, depth + 1));
    if (count === tuple.length && rest !== false && rest !== undefined && rng.chance(0.3)) out.push(instanceOf(rest, root, rng, depth + 1));
    return out;
  }
  const count = Math.floor(rng.next() * 3);
  for (let i = 0; i < count; i++) out.push(instanceOf(schema.items, root, rng, depth + 1));
  return out;
}

function objectOf(schema: Json, root: Json, rng: Random, depth: number): Json {
  const out: Json = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [key, child] of Object.entries(properties)) {
    if (required.has(key) || rng.chance(0.5)) setOwn(out, key, instanceOf(child, root, rng, depth + 1));
  }
  for (const key of required) if (!Object.hasOwn(properties, key)) setOwn(out, key, rng.pick([1, "x", null]));
  if (isOpen(schema)) {
    // Free-form data, as a kubectl patch or helm values: nested, of every JSON type.
    const count = Math.floor(rng.next() * 3);
    for (let i = 0; i < count; i++) setOwn(out, rng.pick(["extra-key", "spec", "x"]), rng.pick(FREE_FORM));
  }
  return out;
}

/**
 * A tool's input as codemode reads it: `{ "type": "object" }` with nothing declared or required
 * is a tool without parameters, closed at the top level (see `inputSchemaOf` in emit/tool.ts).
 */
export function asToolInput(schema: Json): Json {
  const empty = (value: unknown) => value === undefined || (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0);
  const parameterless = empty(schema.properties) && empty(schema.required) && schema.additionalProperties === undefined;
  return parameterless ? { ...schema, additionalProperties: false } : schema;
}

/** Values an open object may hold under any key. */
const FREE_FORM: unknown[] = [1, "text", null, true, [1, "x"], { replicas: 3 }, { spec: { template: { labels: { app: "web" } } } }, []];

/** Whether an object schema admits keys it does not name: `additionalProperties: true`, or no properties declared at all. */
export function isOpen(schema: Json): boolean {
  if (schema.additionalProperties === true || schema.unevaluatedProperties === true) return true;
  return schema.additionalProperties === undefined && !declaresProperties(schema);
}

function declaresProperties(schema: Json): boolean {
  return isObject(schema.properties) && Object.keys(schema.properties).length > 0;
}

/** A value known to break one rule that the generated types promise to enforce. */
export interface Mutant {
  rule: "missing required" | "wrong primitive" | "outside enum" | "wrong element" | "extra property";
  value: unknown;
}

/**
 * Breaks a valid instance in each way the types must catch, at places reached only through
 * properties, items and `$ref`s: under anyOf/oneOf another member may accept the value.
 */
export function mutants(value: unknown, schema: unknown, root: Json): Mutant[] {
  const out: Mutant[] = [];
  const visit = (node: unknown, at: unknown, replace: (v: unknown) => unknown) => {
    node = resolve(node, root);
    if (!isObject(node) || node.anyOf || node.oneOf) return;
    const single = typeof node.type === "string" ? node.type : undefined;
    if (Array.isArray(node.enum)) {
      if (node.enum.every((v) => v === null || typeof v !== "object")) out.push({ rule: "outside enum", value: replace("zz-not-listed") });
      return;
    }
    if ("const" in node) return;
    if (single === "string") out.push({ rule: "wrong primitive", value: replace(12345) });
    if (single === "number" || single === "integer" || single === "boolean") out.push({ rule: "wrong primitive", value: replace("text") });
    if (single === "array" && Array.isArray(at) && !Array.isArray(node.prefixItems) && isObject(node.items)) {
      const itemType = (resolve(node.items, root) as Json).type;
      const wrong = itemType === "string" ? 1 : itemType === "number" || itemType === "integer" || itemType === "boolean" ? "text" : undefined;
      if (wrong !== undefined && !(resolve(node.items, root) as Json).enum) out.push({ rule: "wrong element", value: replace([...at, wrong]) });
      at.forEach((item, i) => visit(node.items, item, (v) => replace(at.map((x, j) => (j === i ? v : x)))));
    }
    if (single === "object" && isObject(at)) {
      const properties = isObject(node.properties) ? node.properties : {};
      for (const key of (node.required as string[] | undefined) ?? []) {
        // TypeScript sees `constructor`, `toString`, … on every object, so it cannot miss them.
        if (Object.hasOwn(at, key) && !(key in Object.prototype)) out.push({ rule: "missing required", value: replace(without(at, key)) });
      }
      const unevaluatedOpen = node.unevaluatedProperties !== undefined && node.unevaluatedProperties !== false;
      if (node.additionalProperties === false || (node.additionalProperties === undefined && declaresProperties(node) && !unevaluatedOpen)) {
        out.push({ rule: "extra property", value: replace(withKey(at, "zzExtra", 1)) });
      }
      for (const [key, child] of Object.entries(properties)) {
        if (Object.hasOwn(at, key)) visit(child, at[key], (v) => replace(withKey(at, key, v)));
      }
    }
  };
  visit(schema, value, (v) => v);
  return out;
}

function without(object: Json, key: string): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(object)) if (k !== key) setOwn(out, k, v);
  return out;
}

function withKey(object: Json, key: string, value: unknown): Json {
  const out = without(object, key);
  setOwn(out, key, value);
  return out;
}

function setOwn(target: Json, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** codemode reads an absent `additionalProperties` next to declared properties as closed (see `indexType`); Ajv is told the same. */
export function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) setOwn(out, key, key === "enum" || key === "const" ? value : closeObjects(value));
  const objectLike = node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));
  // An object whose properties are all in its anyOf/oneOf/allOf members is not closed by itself.
  const onlyInMembers = ["anyOf", "oneOf", "allOf"].some((k) => Array.isArray(node[k])) && !isObject(node.properties);
  // `unevaluatedProperties` says itself what other keys may be.
  const explicit = "additionalProperties" in node || "unevaluatedProperties" in node;
  if (objectLike && !explicit && !onlyInMembers && declaresProperties(node)) out.additionalProperties = false;
  return out;
}

/** A TypeScript expression for a JSON value; keys are computed so `__proto__` stays a plain key. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (isObject(value)) return `{ ${Object.entries(value).map(([k, v]) => `[${JSON.stringify(k)}]: ${literal(v)}`).join(", ")} }`;
  return JSON.stringify(value);
}
