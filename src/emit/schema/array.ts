import { UNKNOWN, type TsType } from "./ast.js";
import type { Json, Position } from "./node.js";
import { holdsTuple, type RootContext } from "./root.js";

/** `items` (a schema, or a draft-07 tuple array) and `prefixItems` (2020-12 tuples). */
export function arrayType(node: Json, ctx: RootContext, at: Position): TsType {
  const tupleItems = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined;
  // TypeScript defers `T[]` but not tuple literals, nor arrays holding or under them
  // (`type A = [A?][]` is rejected), so recursion through those counts as through the alias.
  const inTuple = Boolean(tupleItems) || at.inTuple === true || holdsTuple(node.items);
  const element = (schema: unknown, pointer: string) =>
    ctx.convert(schema, ctx, { pointer, owner: at.owner, alias: inTuple ? at.alias : false, inTuple });
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
