import { propertyKey } from "../names.js";
import { NEVER, UNKNOWN, type Member, type TsType } from "./ast.js";
import { isObject, withInherited, type Json, type Position } from "./node.js";
import { withDependencies } from "./dependencies.js";
import { docsFor } from "./docs.js";
import { applicatorKeys } from "./evaluated.js";
import { escapePointer, type RootContext } from "./root.js";

/** Every JSON type, for a schema that constrains only some of them. */
export const ANY_JSON = ["string", "number", "boolean", "null", "array", "object"];

const nonEmpty = (value: unknown) => isObject(value) && Object.keys(value).length > 0;

/**
 * `properties` and `required` become members; `additionalProperties`, `patternProperties` and
 * `unevaluatedProperties` decide the index signature; `dependentSchemas`, `dependentRequired`
 * and draft-07 `dependencies` add what holds when their key is present.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-keywords-for-applying-subsche
 *
 * `yields`: the node has applicators (`allOf`, `anyOf`, `$ref`, …) that type the object. When
 * the node declares no keys of its own, its part is then only its required keys, so the
 * applicators' members (closed, or not) say which keys are allowed.
 */
export function objectType(node: Json, ctx: RootContext, at: Position, yields: boolean): TsType {
  const inner = (pointer: string): Position => ({ pointer, owner: at.owner, alias: false });
  const properties = isObject(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required.filter((k): k is string => typeof k === "string") : []);
  const members: Member[] = Object.entries(properties).map(([key, schema]) => {
    const optional = !required.has(key);
    const type = ctx.convert(schema, ctx, inner(`${at.pointer}/properties/${escapePointer(key)}`));
    return { key: propertyKey(key), optional, type: optional ? withInherited(key, type) : type, doc: docsFor(schema) };
  });
  for (const key of required) {
    if (!Object.hasOwn(properties, key)) members.push({ key: propertyKey(key), optional: false, type: UNKNOWN, doc: [] });
  }
  if (yields && !declaresKeys(node)) return members.length > 0 ? { kind: "object", members } : UNKNOWN;
  let index = indexType(node, members.length > 0, yields, ctx, at);
  if (!index) {
    // Closed by reading (or by `unevaluatedProperties: false`), the applicators' keys stay
    // allowed; `additionalProperties: false` forbids them, which an intersection would not.
    const closed = node.additionalProperties === false;
    const spared = applicatorKeys(node, ctx);
    if (spared === "any") index = closed ? undefined : UNKNOWN;
    else {
      for (const key of spared) {
        if (Object.hasOwn(properties, key) || required.has(key)) continue;
        members.push({ key: propertyKey(key), optional: true, type: closed ? withInherited(key, NEVER) : UNKNOWN, doc: [] });
      }
    }
  }
  const own: TsType = index ? { kind: "object", members, index } : { kind: "object", members };
  return withDependencies(own, node, ctx, at);
}

/** Whether the node says anything about which keys an object may have. */
function declaresKeys(node: Json): boolean {
  if (nonEmpty(node.properties) || nonEmpty(node.patternProperties)) return true;
  if (node.additionalProperties !== undefined) return true;
  // `unevaluatedProperties: false` closes over the applicators' keys, which their types carry.
  if (node.unevaluatedProperties !== undefined && node.unevaluatedProperties !== false) return true;
  return ["dependentSchemas", "dependentRequired", "dependencies"].some((key) => nonEmpty(node[key]));
}


/**
 * Other keys are allowed where the schema says so (`additionalProperties` true or a schema,
 * `patternProperties`, `unevaluatedProperties` true or a schema), and where it declares no
 * properties at all: `{ "type": "object" }` is free-form data. Next to declared properties an
 * absent `additionalProperties` reads as closed: tool authors rarely mean "any key" by leaving
 * it out there, and a closed type catches an agent's typos. A schema for other keys types them
 * only when nothing else names keys, since TypeScript would demand each member's type fit the
 * index signature (and `unevaluatedProperties` also spares the applicators' keys).
 */
function indexType(node: Json, hasMembers: boolean, applied: boolean, ctx: RootContext, at: Position): TsType | undefined {
  const inner = (keyword: string): Position => ({ pointer: `${at.pointer}/${keyword}`, owner: at.owner, alias: false });
  if (nonEmpty(node.patternProperties)) return UNKNOWN;
  const extra = node.additionalProperties;
  if (extra === false) return undefined;
  if (extra === true) return UNKNOWN;
  if (extra !== undefined) return hasMembers ? UNKNOWN : ctx.convert(extra, ctx, inner("additionalProperties"));
  const unevaluated = node.unevaluatedProperties;
  if (unevaluated === false) return undefined;
  if (unevaluated === true) return UNKNOWN;
  if (unevaluated !== undefined) {
    const spared = hasMembers || applied || ["dependentSchemas", "dependencies"].some((key) => nonEmpty(node[key]));
    return spared ? UNKNOWN : ctx.convert(unevaluated, ctx, inner("unevaluatedProperties"));
  }
  return nonEmpty(node.properties) ? undefined : UNKNOWN;
}
