import { propertyKey } from "../names.js";
import { intersection, keyword, NEVER, union, UNKNOWN, type Member, type TsType } from "./ast.js";
import { docsFor } from "./docs.js";
import { enumType, literalType } from "./literal.js";
import { escapePointer, holdsTuple, localPointer, resolvePointer, type RootContext } from "./root.js";

type Json = Record<string, unknown>;

/**
 * Where a node sits. `owner` is the definition (or `""` for the root) whose alias the node is
 * part of while `alias` is true, i.e. not yet under an object member or array element.
 */
interface Position {
  pointer: string;
  owner: string;
  alias: boolean;
  /** Under a tuple literal, where TypeScript defers nothing, not even `T[]` (`type A = [[A?][]?]` is rejected). */
  inTuple?: boolean;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Converts a JSON Schema node to a TypeScript type. Never throws: what it cannot type is `unknown`, with a warning. */
export function toType(node: unknown, ctx: RootContext, at: Position): TsType {
  if (node === true) return UNKNOWN;
  if (node === false) return NEVER;
  if (!isObject(node)) {
    ctx.registry.warn(ctx.tool, at.pointer, "schema is not an object or boolean; typed as unknown");
    return UNKNOWN;
  }
  if (typeof node.$ref === "string") return refType(node.$ref, ctx, at);

  const parts: TsType[] = [];
  if (Array.isArray(node.enum)) parts.push(enumType(node.enum));
  else if (Object.hasOwn(node, "const")) parts.push(literalType(node.const));
  else parts.push(withoutEmptyBase(node, typeKeywordType(node, ctx, at)));

  for (const combinator of ["anyOf", "oneOf"] as const) {
    const members = node[combinator];
    if (Array.isArray(members) && members.length > 0) {
      const types = members.map((member, i) => toType(member, ctx, { ...at, pointer: `${at.pointer}/${combinator}/${i}` }));
      parts.push(union(types, members.map(memberDoc)));
    }
  }
  if (Array.isArray(node.allOf)) {
    node.allOf.forEach((member, i) => parts.push(toType(member, ctx, { ...at, pointer: `${at.pointer}/allOf/${i}` })));
  }
  const type = intersection(parts);
  return node.nullable === true ? union([type, keyword("null")]) : type;
}

/**
 * `{ type: "object", oneOf: [...] }` often lists the properties only in its members. Its own
 * part is then an empty object, which (closed) would intersect every member to `never`.
 */
function withoutEmptyBase(node: Json, base: TsType): TsType {
  const combined = ["anyOf", "oneOf", "allOf"].some((key) => Array.isArray(node[key]) && (node[key] as unknown[]).length > 0);
  const empty = base.kind === "object" && base.members.length === 0 && !base.index;
  return combined && empty ? UNKNOWN : base;
}

/** A union member's description becomes a comment before it, when it is short enough to help. */
function memberDoc(member: unknown): string[] | undefined {
  if (!isObject(member) || typeof member.$ref === "string") return undefined;
  const doc = docsFor(member).filter((line) => !line.startsWith("@"));
  return doc.length > 0 ? doc : undefined;
}

function typeKeywordType(node: Json, ctx: RootContext, at: Position): TsType {
  const types = Array.isArray(node.type) ? node.type : typeof node.type === "string" ? [node.type] : impliedTypes(node);
  if (types.length === 0) return UNKNOWN;
  return union(types.map((name) => typeNamed(name, node, ctx, at)));
}

/** Schemas without `type` but with `properties` or `items` mean an object or an array in practice. */
function impliedTypes(node: Json): string[] {
  if (isObject(node.properties) || isObject(node.patternProperties) || Object.hasOwn(node, "additionalProperties")) return ["object"];
  if (Object.hasOwn(node, "items") || Object.hasOwn(node, "prefixItems")) return ["array"];
  return [];
}

function typeNamed(name: unknown, node: Json, ctx: RootContext, at: Position): TsType {
  switch (name) {
    case "string":
      return keyword("string");
    case "number":
    case "integer":
      return keyword("number");
    case "boolean":
      return keyword("boolean");
    case "null":
      return keyword("null");
    case "object":
      return objectType(node, ctx, at);
    case "array":
      return arrayType(node, ctx, at);
    default:
      ctx.registry.warn(ctx.tool, at.pointer, `unknown type ${JSON.stringify(name)}; typed as unknown`);
      return UNKNOWN;
  }
}

/** `properties` and `required` become members; `additionalProperties` decides the index signature. */
export function objectType(node: Json, ctx: RootContext, at: Position): TsType {
  const inner = (pointer: string): Position => ({ pointer, owner: at.owner, alias: false });
  const properties = isObject(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required.filter((k): k is string => typeof k === "string") : []);
  const members: Member[] = Object.entries(properties).map(([key, schema]) => {
    const optional = !required.has(key);
    const type = toType(schema, ctx, inner(`${at.pointer}/properties/${escapePointer(key)}`));
    return { key: propertyKey(key), optional, type: optional ? withInherited(key, type) : type, doc: docsFor(schema) };
  });
  for (const key of required) {
    if (!Object.hasOwn(properties, key)) members.push({ key: propertyKey(key), optional: false, type: UNKNOWN, doc: [] });
  }
  const index = indexType(node, members.length > 0, ctx, inner(`${at.pointer}/additionalProperties`));
  return index ? { kind: "object", members, index } : { kind: "object", members };
}

/** What TypeScript sees on every object through `Object.prototype`, by key. */
const INHERITED: Record<string, string> = {
  constructor: "Function",
  toString: "(() => string)",
  toLocaleString: "(() => string)",
  valueOf: "(() => Object)",
  hasOwnProperty: "((key: PropertyKey) => boolean)",
  propertyIsEnumerable: "((key: PropertyKey) => boolean)",
  isPrototypeOf: "((value: Object) => boolean)",
};

/**
 * An optional `constructor?: string` would reject `{}`, whose inherited `constructor` TypeScript
 * sees as a `Function`; the inherited member's type is added so an absent key type-checks.
 */
function withInherited(key: string, type: TsType): TsType {
  const inherited = Object.hasOwn(INHERITED, key) ? INHERITED[key] : undefined;
  return inherited ? union([type, { kind: "literal", text: inherited }]) : type;
}

/**
 * Other keys are allowed only where the schema says so (`additionalProperties` true or a
 * schema, or `patternProperties`). An absent `additionalProperties` reads as closed: tool
 * authors rarely mean "any key" by leaving it out, and a closed type catches an agent's typos.
 * A schema for other keys types them only when there are no named members, since TypeScript
 * would demand each member's type fit the index signature.
 */
function indexType(node: Json, hasMembers: boolean, ctx: RootContext, at: Position): TsType | undefined {
  const extra = node.additionalProperties;
  if (isObject(node.patternProperties) && Object.keys(node.patternProperties).length > 0) return UNKNOWN;
  if (extra === undefined || extra === false) return undefined;
  if (extra === true || hasMembers) return UNKNOWN;
  return toType(extra, ctx, at);
}

/** `items` (a schema, or a draft-07 tuple array) and `prefixItems` (2020-12 tuples). */
function arrayType(node: Json, ctx: RootContext, at: Position): TsType {
  const tupleItems = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined;
  // TypeScript defers `T[]` but not tuple literals, nor arrays holding or under them
  // (`type A = [A?][]` is rejected), so recursion through those counts as through the alias.
  const inTuple = Boolean(tupleItems) || at.inTuple === true || holdsTuple(node.items);
  const element = (schema: unknown, pointer: string) =>
    toType(schema, ctx, { pointer, owner: at.owner, alias: inTuple ? at.alias : false, inTuple });
  if (!tupleItems) {
    return { kind: "array", element: Object.hasOwn(node, "items") ? element(node.items, `${at.pointer}/items`) : UNKNOWN };
  }
  const keyword = Array.isArray(node.prefixItems) ? "prefixItems" : "items";
  const minItems = typeof node.minItems === "number" ? node.minItems : 0;
  const elements = tupleItems.map((schema, i) => ({ type: element(schema, `${at.pointer}/${keyword}/${i}`), optional: i >= minItems }));
  const restSchema = keyword === "prefixItems" ? node.items : node.additionalItems;
  const closed = restSchema === false || (typeof node.maxItems === "number" && node.maxItems <= tupleItems.length);
  if (closed) return { kind: "tuple", elements };
  const rest = restSchema === undefined || restSchema === true ? UNKNOWN : element(restSchema, `${at.pointer}/${keyword === "prefixItems" ? "items" : "additionalItems"}`);
  return { kind: "tuple", elements, rest };
}

/** A local `$ref` names a definition's type or is inlined; an external one is `unknown`. */
function refType(ref: string, ctx: RootContext, at: Position): TsType {
  const pointer = localPointer(ref);
  if (pointer === undefined) {
    ctx.registry.warn(ctx.tool, at.pointer, `external $ref ${ref} is not resolved; typed as unknown`);
    return UNKNOWN;
  }
  if (at.alias && ctx.closesCycle(at.owner, pointer)) return UNKNOWN;
  if (pointer === "") {
    ctx.rootReferenced = true;
    return { kind: "ref", name: ctx.rootName };
  }
  const def = ctx.defs.get(pointer);
  if (def) return { kind: "ref", name: def.name };
  const target = resolvePointer(ctx.root, pointer);
  if (target === undefined) {
    ctx.registry.warn(ctx.tool, at.pointer, `$ref ${ref} points nowhere; typed as unknown`);
    return UNKNOWN;
  }
  if (ctx.inlining.has(pointer)) return UNKNOWN;
  ctx.inlining.add(pointer);
  try {
    return toType(target, ctx, { ...at, pointer });
  } finally {
    ctx.inlining.delete(pointer);
  }
}

