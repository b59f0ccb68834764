import { createRequire } from "node:module";
import type { Ajv as AjvType, ErrorObject, ValidateFunction } from "ajv";
import type { JsonSchema } from "../snapshot/types.js";
import { boundedKeywords } from "./bounded-keywords.js";

/**
 * Validates tool arguments on the host against the tool's `inputSchema` before any call, with
 * draft 2020-12 or draft-07 as the schema says. A schema Ajv cannot compile is not enforced
 * (the server still validates): the run must not fail on codemode's account.
 */
/** Arguments up to this size are checked a second time for every problem, not just the first. */
const FULL_REPORT_BYTES = 16 * 1024;

export class ArgumentValidator {
  // First error only: with every error, one call of a million wrong items makes a million error
  // objects on the host. Small arguments are checked again with every error, for a fuller message.
  private ajvs: Record<"draft07" | "draft2020" | "draft07All" | "draft2020All", AjvType> | undefined;
  private readonly cache = new Map<string, ValidateFunction | null>();

  /** Problems with `args`, one line each (`/city: must be string`); empty when they are valid. `size` is the arguments' JSON length. */
  check(key: string, schema: JsonSchema, args: unknown, size = Infinity): string[] {
    const validate = this.validator(key, schema, false);
    if (!validate || validate(args)) return [];
    let errors = validate.errors ?? [];
    validate.errors = null;
    if (size <= FULL_REPORT_BYTES) {
      const all = this.validator(`${key}\u0000all`, schema, true);
      if (all && !all(args)) errors = all.errors ?? errors;
      if (all) all.errors = null;
    }
    return errors.slice(0, 5).map(describe);
  }

  private validator(key: string, schema: JsonSchema, allErrors: boolean): ValidateFunction | null {
    let validate = this.cache.get(key);
    if (validate === undefined) {
      validate = this.compile(schema, allErrors);
      this.cache.set(key, validate);
    }
    return validate;
  }

  private compile(schema: JsonSchema, allErrors: boolean): ValidateFunction | null {
    if (typeof schema !== "object") return null;
    const { $schema, ...rest } = schema;
    const modern = typeof $schema === "string" ? $schema.includes("2020-12") || $schema.includes("2019-09") : !hasDraft07Tuples(rest);
    try {
      const ajvs = (this.ajvs ??= loadAjvs());
      const ajv = modern ? (allErrors ? ajvs.draft2020All : ajvs.draft2020) : allErrors ? ajvs.draft07All : ajvs.draft07;
      return ajv.compile(rest);
    } catch {
      return null;
    }
  }
}

/** Ajv, loaded on the first call to validate: a run that calls no tool does not pay ~50 ms for it. */
function loadAjvs() {
  const require = createRequire(import.meta.url);
  const { Ajv } = require("ajv") as typeof import("ajv");
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const { regExp, uniqueItems } = boundedKeywords();
  const options = (allErrors: boolean) => ({ strict: false, allErrors, allowUnionTypes: true, validateFormats: false, code: { regExp } });
  const ajvs = { draft07: new Ajv(options(false)), draft2020: new Ajv2020(options(false)), draft07All: new Ajv(options(true)), draft2020All: new Ajv2020(options(true)) };
  for (const ajv of Object.values(ajvs)) uniqueItems(ajv);
  return ajvs;
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
