import { propertyKey } from "../names.js";
import { intersection, isUnknown, keyword, union, UNKNOWN, type TsType } from "./ast.js";
import { arrayType } from "./array.js";
import { conditionalType } from "./conditional.js";
import { refSiblingsApply } from "./dialect.js";
import { docsFor } from "./docs.js";
import { enumType, literalType } from "./literal.js";
import { excluding } from "./not.js";
import { ANY_JSON, objectType } from "./object.js";
import { localPointer, resolvePointer, type RootContext } from "./root.js";

export { isObject, type Json, type Position } from "./node.js";
import { isObject, type Json, type Position } from "./node.js";

/** Converts a JSON Schema node to a TypeScript type. Never throws: what it cannot type is `unknown`, with a warning. */
export function toType(node: unknown, ctx: RootContext, at: Position): TsType {
  if (node === true) return UNKNOWN;
  if (node === false) return keyword("never");
  if (!isObject(node)) {
    ctx.registry.warn(ctx.tool, at.pointer, "schema is not an object or boolean; typed as unknown");
    return UNKNOWN;
  }
  // Up to draft-07 a `$ref` replaces the whole schema object, whatever stands beside it.
  if (typeof node.$ref === "string" && !refSiblingsApply(ctx.dialect)) return refType(node.$ref, ctx, at);

  const applied = applicators(node, ctx, at);
  // An object that declares nothing of its own leaves its keys to its applicators (see objectType).
  const yields = applied.some((part) => !isUnknown(part));
  let own: TsType;
  if (Array.isArray(node.enum)) own = enumType(node.enum);
  else if (Object.hasOwn(node, "const")) own = literalType(node.const);
  else own = typeKeywordType(node, ctx, at, yields);
  const type = excluding(intersection([own, ...applied]), node.not);
  return node.nullable === true ? union([type, keyword("null")]) : type;
}

/**
 * The in-place applicators: `$ref` (2019-09 on), `anyOf`/`oneOf` as unions, `allOf` members,
 * and `if`/`then`/`else`. They see the same instance, so an object-only node makes them
 * object-only too.
 */
function applicators(node: Json, ctx: RootContext, at: Position): TsType[] {
  const parentKeys = isObject(node.properties) && Object.keys(node.properties).length > 0;
  const inner = (pointer: string): Position => ({ ...at, pointer, objectOnly: at.objectOnly || onlyObjects(node), parentKeys });
  const parts: TsType[] = [];
  if (typeof node.$ref === "string") parts.push(refType(node.$ref, ctx, at));
  for (const combinator of ["anyOf", "oneOf"] as const) {
    const members = node[combinator];
    // Every value matches two members that accept anything, so exactly one never matches.
    if (combinator === "oneOf" && Array.isArray(members) && members.filter(acceptsAll).length >= 2) parts.push(keyword("never"));
    else if (Array.isArray(members) && members.length > 0) {
      const types = members.map((member, i) => toType(member, ctx, inner(`${at.pointer}/${combinator}/${i}`)));
      parts.push(union(types, members.map(memberDoc)));
    }
  }
  if (Array.isArray(node.allOf)) {
    node.allOf.forEach((member, i) => parts.push(toType(member, ctx, inner(`${at.pointer}/allOf/${i}`))));
  }
  parts.push(conditionalType(node, ctx, at, inner));
  return parts;
}

/** `true` or `{}`: a schema every value satisfies. */
function acceptsAll(schema: unknown): boolean {
  return schema === true || (isObject(schema) && Object.keys(schema).length === 0);
}

/** Whether `type` admits objects and nothing else. */
function onlyObjects(node: Json): boolean {
  return node.type === "object" || (Array.isArray(node.type) && node.type.length === 1 && node.type[0] === "object");
}

/** A union member's description becomes a comment before it, when it is short enough to help. */
function memberDoc(member: unknown): string[] | undefined {
  if (!isObject(member) || typeof member.$ref === "string") return undefined;
  const doc = docsFor(member).filter((line) => !line.startsWith("@"));
  return doc.length > 0 ? doc : undefined;
}

function typeKeywordType(node: Json, ctx: RootContext, at: Position, yields: boolean): TsType {
  const types = Array.isArray(node.type) ? node.type : typeof node.type === "string" ? [node.type] : impliedTypes(node, at);
  if (types.length === 0) return at.objectOnly ? requiredOnly(node, at) : UNKNOWN;
  return union(types.map((name) => typeNamed(name, node, ctx, at, yields)));
}

/**
 * `{ "required": ["a"] }` where the instance is an object: `{ a: unknown }`, open to other keys
 * unless the parent's own type names them (`oneOf: [{ required: … }, …]` then rejects a value
 * missing the keys of every member).
 */
function requiredOnly(node: Json, at: Position): TsType {
  const keys = Array.isArray(node.required) ? [...new Set(node.required.filter((key): key is string => typeof key === "string"))] : [];
  if (keys.length === 0) return UNKNOWN;
  const members = keys.map((key) => ({ key: propertyKey(key), optional: false, type: UNKNOWN, doc: [] }));
  return at.parentKeys ? { kind: "object", members } : { kind: "object", members, index: UNKNOWN };
}

/** Keywords that constrain objects only, and leave every other value valid. */
const OBJECT_ONLY = ["unevaluatedProperties", "dependentSchemas", "dependentRequired", "dependencies"];

/**
 * Schemas without `type` but with `properties` or `items` mean an object or an array in
 * practice (a documented reading). Other object keywords imply an object only where the
 * instance is one anyway; elsewhere every other JSON type stays valid beside it.
 */
function impliedTypes(node: Json, at: Position): string[] {
  if (isObject(node.properties) || isObject(node.patternProperties) || Object.hasOwn(node, "additionalProperties")) return ["object"];
  if (OBJECT_ONLY.some((key) => Object.hasOwn(node, key))) return at.objectOnly ? ["object"] : ANY_JSON;
  if (Object.hasOwn(node, "items") || Object.hasOwn(node, "prefixItems")) return ["array"];
  return [];
}

function typeNamed(name: unknown, node: Json, ctx: RootContext, at: Position, yields: boolean): TsType {
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
      return objectType(node, ctx, at, yields);
    case "array":
      return arrayType(node, ctx, at);
    default:
      ctx.registry.warn(ctx.tool, at.pointer, `unknown type ${JSON.stringify(name)}; typed as unknown`);
      return UNKNOWN;
  }
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
