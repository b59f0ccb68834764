import { propertyKey } from "../names.js";
import { intersection, union, UNKNOWN, type Member, type TsType } from "./ast.js";
import { isObject, type Json, type Position } from "./node.js";
import { literalType } from "./literal.js";
import { constValues } from "./not.js";
import type { RootContext } from "./root.js";

/**
 * `if`/`then`/`else`: a valid value satisfies `if` and `then`, or fails `if` and satisfies
 * `else`, so its type is `(If & Then) | Else`. When `if` pins a property to constants
 * (`{ properties: { kind: { const: "a" } }, required: ["kind"] }`), the else branch takes the
 * property's other values where the object lists them (an enum), which makes a union
 * TypeScript discriminates. Keys that any of the three declare are allowed in both branches
 * (by the node's own object type, or here when it has none): the closed reading of an object
 * only forbids keys nothing declares.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-keywords-for-applying-subschem
 */
export function conditionalType(node: Json, ctx: RootContext, at: Position, inner: (pointer: string) => Position): TsType {
  const condition = node.if;
  if (condition === undefined || (node.then === undefined && node.else === undefined)) return UNKNOWN;
  const under = (keyword: string) => inner(`${at.pointer}/${keyword}`);
  const branch = (keyword: "then" | "else") => (node[keyword] === undefined ? UNKNOWN : ctx.convert(node[keyword], ctx, under(keyword)));
  if (condition === true) return branch("then");
  if (condition === false) return branch("else");
  // Object types added to a branch would reject the strings or numbers a mixed node admits.
  const objects = under("if").objectOnly === true || (node.type === undefined && isObject(node.properties));
  // A node with properties of its own already allows its applicators' keys (see objectType).
  const ownKeys = isObject(node.properties) && Object.keys(node.properties).length > 0;
  const declared = objects && !ownKeys ? declaredKeys([condition, node.then, node.else]) : UNKNOWN;
  // A schema with properties types its required keys itself.
  const required = (schema: unknown) => (objects && !(isObject(schema) && isObject(schema.properties)) ? requiredKeys(schema) : UNKNOWN);
  const thenPart = intersection([ctx.convert(condition, ctx, under("if")), required(condition), branch("then"), required(node.then), declared]);
  const elsePart = intersection([branch("else"), required(node.else), declared, objects ? otherValues(condition, node) : UNKNOWN]);
  return union([thenPart, elsePart]);
}

/** `{ a?: unknown; … }` for the properties the subschemas declare, or `unknown` when they declare none. */
function declaredKeys(schemas: unknown[]): TsType {
  const keys = new Set<string>();
  for (const schema of schemas) if (isObject(schema) && isObject(schema.properties)) for (const key of Object.keys(schema.properties)) keys.add(key);
  if (keys.size === 0) return UNKNOWN;
  const members: Member[] = [...keys].map((key) => ({ key: propertyKey(key), optional: true, type: UNKNOWN, doc: [] }));
  return { kind: "object", members };
}

/** `{ a: unknown; … }` for a subschema's `required` keys: an object's own members give their types. */
function requiredKeys(schema: unknown): TsType {
  if (!isObject(schema) || !Array.isArray(schema.required)) return UNKNOWN;
  const keys = [...new Set(schema.required.filter((key): key is string => typeof key === "string"))];
  if (keys.length === 0) return UNKNOWN;
  return { kind: "object", members: keys.map((key) => ({ key: propertyKey(key), optional: false, type: UNKNOWN, doc: [] })) };
}

/**
 * Where `if` requires property `k` to be one of some constants and the node's own `k` is an
 * enum, a value failing `if` has `k` absent or one of the enum's other values.
 */
function otherValues(condition: unknown, node: Json): TsType {
  if (!isObject(condition) || !isObject(condition.properties) || !isObject(node.properties) || !Array.isArray(condition.required)) return UNKNOWN;
  const entries = Object.entries(condition.properties);
  // With two pinned keys, failing `if` means either one differs: nothing to say about each alone.
  if (entries.length !== 1) return UNKNOWN;
  const [key, pin] = entries[0]!;
  const pinned = constValues(pin);
  const own = node.properties[key];
  const listed = isObject(own) && Array.isArray(own.enum) ? own.enum : undefined;
  if (!pinned || !listed || !condition.required.includes(key) || Object.keys(condition).some((k) => !["properties", "required", "type"].includes(k))) return UNKNOWN;
  const rest = listed.filter((value) => !pinned.some((p) => JSON.stringify(p) === JSON.stringify(value)));
  const type = union(rest.map(literalType));
  return { kind: "object", members: [{ key: propertyKey(key), optional: true, type, doc: [] }] };
}
