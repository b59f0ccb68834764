import { propertyKey } from "../names.js";
import { intersection, NEVER, union, UNKNOWN, type Member, type TsType } from "./ast.js";
import { isObject, withInherited, type Json, type Position } from "./node.js";
import { hasDependencies } from "./dialect.js";
import { escapePointer, type RootContext } from "./root.js";

/**
 * Past this many conditional keys, TypeScript would spell out 2^n combinations; the object is
 * then left open instead, which accepts every valid value.
 */
const MAX_DEPENDENCIES = 8;

/**
 * `dependentSchemas` and `dependentRequired` (2019-09 on) and draft-07 `dependencies`: when key
 * `k` is present, the object must also satisfy a schema, or have other keys. Each becomes
 * `{ k?: never } | ({ k: unknown } & Then)`, intersected with the object's own type, so the
 * keys `Then` declares are allowed where `k` is, and its constraints hold there.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-dependentschemas
 */
export function withDependencies(own: TsType, node: Json, ctx: RootContext, at: Position): TsType {
  const branches: TsType[] = [];
  const add = (keyword: string, key: string, then: unknown) => {
    const pointer = `${at.pointer}/${keyword}/${escapePointer(key)}`;
    const present = Array.isArray(then) ? requiredObject(key, then) : intersection([requiredObject(key, requiredOf(then)), ctx.convert(then, ctx, { ...at, pointer, objectOnly: true })]);
    branches.push(union([absent(key), present]));
  };
  const entries = (keyword: string) => (isObject(node[keyword]) ? Object.entries(node[keyword] as Json) : []);
  if (hasDependencies(ctx.dialect)) {
    for (const [key, then] of entries("dependencies")) add("dependencies", key, then);
  } else {
    for (const [key, then] of entries("dependentSchemas")) add("dependentSchemas", key, then);
    for (const [key, then] of entries("dependentRequired")) if (Array.isArray(then)) add("dependentRequired", key, then);
  }
  if (branches.length === 0) return own;
  if (branches.length > MAX_DEPENDENCIES) return intersection([own, { kind: "object", members: [], index: UNKNOWN }]);
  return intersection([own, ...branches]);
}

/** The object without key `k`. An inherited name (`constructor`) is never absent to TypeScript. */
function absent(key: string): TsType {
  return { kind: "object", members: [{ key: propertyKey(key), optional: true, type: withInherited(key, NEVER), doc: [] }] };
}

/** `{ k: unknown; r1: unknown; … }`: the trigger and the keys it requires, whose types the object's own members give. */
function requiredObject(key: string, required: unknown[]): TsType {
  const keys = [key, ...required.filter((k): k is string => typeof k === "string" && k !== key)];
  const members: Member[] = [...new Set(keys)].map((name) => ({ key: propertyKey(name), optional: false, type: UNKNOWN, doc: [] }));
  return { kind: "object", members };
}

function requiredOf(schema: unknown): unknown[] {
  return isObject(schema) && Array.isArray(schema.required) ? schema.required : [];
}
