import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../snapshot/types.js";

/**
 * Validates tool arguments on the host against the tool's `inputSchema` before any call, with
 * draft 2020-12 or draft-07 as the schema says. A schema Ajv cannot compile is not enforced
 * (the server still validates): the run must not fail on codemode's account.
 */
export class ArgumentValidator {
  private readonly draft07 = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: false });
  private readonly draft2020 = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: false });
  private readonly cache = new Map<string, ValidateFunction | null>();

  /** Problems with `args`, one line each (`/city: must be string`); empty when they are valid. */
  check(key: string, schema: JsonSchema, args: unknown): string[] {
    let validate = this.cache.get(key);
    if (validate === undefined) {
      validate = this.compile(schema);
      this.cache.set(key, validate);
    }
    if (!validate || validate(args)) return [];
    return (validate.errors ?? []).slice(0, 5).map(describe);
  }

  private compile(schema: JsonSchema): ValidateFunction | null {
    if (typeof schema !== "object") return null;
    const { $schema, ...rest } = schema;
    const modern = typeof $schema === "string" ? $schema.includes("2020-12") || $schema.includes("2019-09") : !hasDraft07Tuples(rest);
    try {
      return (modern ? this.draft2020 : this.draft07).compile(rest);
    } catch {
      return null;
    }
  }
}

function hasDraft07Tuples(schema: unknown): boolean {
  return JSON.stringify(schema).includes('"items":[');
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || "/";
  if (error.keyword === "additionalProperties") return `${where}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === "enum") return `${where}: must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${where}: ${error.message ?? "is invalid"}`;
}
