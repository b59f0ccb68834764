import { isObject, type Json } from "./node.js";
import { hasDependencies, refSiblingsApply } from "./dialect.js";
import { localPointer, resolvePointer, type RootContext } from "./root.js";

/** Past this depth of nested applicators, the keys are not followed: the object is left open. */
const MAX_DEPTH = 8;

/**
 * The keys that a node's in-place applicators (`allOf`, `anyOf`, `oneOf`, `$ref`, `if`/`then`/
 * `else`, `dependentSchemas`) declare, followed through `$ref`s and nesting; `"any"` when one of
 * them admits keys it does not name (`patternProperties`, `additionalProperties`, an external
 * `$ref`, …). A closed object allows them: the closed reading forbids only the keys nothing in
 * the schema declares, and `unevaluatedProperties: false` spares exactly what they evaluate.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-unevaluatedproperties
 */
export function applicatorKeys(node: Json, ctx: RootContext): Set<string> | "any" {
  const keys = new Set<string>();
  const seen = new Set<string>();
  const visitApplicators = (schema: Json, depth: number, withRef: boolean): boolean => {
    for (const sub of inPlace(schema, ctx, withRef)) if (!visit(sub, depth + 1)) return false;
    return true;
  };
  const visit = (sub: unknown, depth: number): boolean => {
    if (typeof sub === "boolean") return true;
    if (!isObject(sub) || depth > MAX_DEPTH) return false;
    if (typeof sub.$ref === "string") {
      const pointer = localPointer(sub.$ref);
      if (pointer === undefined) return false;
      if (!seen.has(pointer)) {
        seen.add(pointer);
        const target = resolvePointer(ctx.root, pointer);
        if (target === undefined || !visit(target, depth + 1)) return false;
      }
      if (!refSiblingsApply(ctx.dialect)) return true;
    }
    if (opensKeys(sub)) return false;
    if (isObject(sub.properties)) for (const key of Object.keys(sub.properties)) keys.add(key);
    return visitApplicators(sub, depth, false);
  };
  return visitApplicators(node, 0, true) ? keys : "any";
}

/** Whether a subschema evaluates keys it does not name. */
function opensKeys(schema: Json): boolean {
  if (isObject(schema.patternProperties) && Object.keys(schema.patternProperties).length > 0) return true;
  const extra = schema.additionalProperties;
  const unevaluated = schema.unevaluatedProperties;
  return (extra !== undefined && extra !== false) || (unevaluated !== undefined && unevaluated !== false);
}

/** The subschemas applied to the same instance; the node's own `$ref` only when asked (it is visited apart). */
function inPlace(schema: Json, ctx: RootContext, withRef: boolean): unknown[] {
  const out: unknown[] = [];
  if (withRef && typeof schema.$ref === "string") out.push({ $ref: schema.$ref });
  for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(schema[key])) out.push(...(schema[key] as unknown[]));
  for (const key of ["if", "then", "else"]) if (schema[key] !== undefined) out.push(schema[key]);
  const dependents = hasDependencies(ctx.dialect) ? schema.dependencies : schema.dependentSchemas;
  if (isObject(dependents)) out.push(...Object.values(dependents).filter((value) => !Array.isArray(value)));
  return out;
}
