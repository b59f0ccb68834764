/**
 * The JSON Schema dialect a tool's schema is written in, from its root `$schema`. A schema
 * without one is 2020-12: the MCP default since SEP-1613.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-the-schema-keyword
 */
export type Dialect = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

export function dialectOf(schema: unknown): Dialect {
  const uri = schema && typeof schema === "object" && !Array.isArray(schema) ? (schema as Record<string, unknown>).$schema : undefined;
  if (typeof uri !== "string") return "2020-12";
  for (const dialect of ["draft-04", "draft-06", "draft-07", "2019-09"] as const) if (uri.includes(dialect)) return dialect;
  return "2020-12";
}

/**
 * Whether keywords beside a `$ref` apply. Up to draft-07 a `$ref` replaces its whole schema
 * object; from 2019-09 on it is one applicator among the others.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-direct-references-with-ref
 */
export function refSiblingsApply(dialect: Dialect): boolean {
  return dialect === "2019-09" || dialect === "2020-12";
}

/** Whether the dialect has draft-07's `dependencies`, split into `dependentSchemas` and `dependentRequired` in 2019-09. */
export function hasDependencies(dialect: Dialect): boolean {
  return !refSiblingsApply(dialect);
}
