import { setFlagsFromString } from "node:v8";
import type { Ajv, SchemaValidateFunction } from "ajv";
import { sortKeys } from "../snapshot/canonical.js";

/**
 * Two JSON Schema keywords whose check Ajv makes as costly as the arguments like, on the host's
 * one thread, where every run's deadline and memory watch are timers: a server's schema chooses
 * the keyword, agent code the arguments. Both are made linear here.
 *
 * - `pattern`: a regular expression that backtracks (`^([a-z0-9]+\s?)*$`, a 27-character title)
 *   held the host for seconds, doubling with each character. Patterns run on V8's linear-time
 *   engine (the `l` flag); one it cannot run (a backreference, a lookaround) is left to the
 *   server, which checks the arguments too. Node 20's engine takes no `u` flag, which Ajv asks
 *   for: without it a pattern means the same unless it names Unicode properties or code points
 *   (`\p`, `\u{…}`), or the text holds characters outside the BMP, so those are left to the
 *   server too (an argument is never refused on the host for a meaning it does not have).
 * - `uniqueItems`: Ajv compares items pairwise, so 60,000 objects (1 MiB) held the host for a
 *   minute. Items are compared here by their canonical JSON, in one pass.
 */
export function boundedKeywords(): { regExp: ((pattern: string, flags: string) => { test(text: string): boolean }) & { code: string }; uniqueItems(ajv: Ajv): void } {
  // A pattern the linear engine cannot run at all matches anything here: the server decides.
  const regExp = (pattern: string, flags: string) => linearPattern(pattern, flags) ?? { test: () => true, toString: () => `/${pattern}/${flags} (linear)` };
  return { regExp: Object.assign(regExp, { code: "linearRegExp" }), uniqueItems };
}

let linearEngine = false;

/**
 * A server's pattern on V8's linear-time engine, as described above, or undefined when that
 * engine cannot run it: for every check of a server's pattern against text agent code chose
 * (the arguments here, the keys `patternProperties` names in an approval question).
 */
export function linearPattern(pattern: string, flags = "u"): { test(text: string): boolean; toString(): string } | undefined {
  // Only enables the `l` flag, which nothing else in this process uses unless it asks for it.
  if (!linearEngine) setFlagsFromString("--enable-experimental-regexp-engine");
  linearEngine = true;
  const exact = linear(pattern, `${flags}l`);
  if (exact) return exact;
  const withoutUnicode = UNICODE_ONLY.test(pattern) ? undefined : linear(pattern, flags.replace("u", "") + "l");
  // Ajv keys the patterns it keeps by `toString()`: each stand-in names its own.
  const toString = () => `/${pattern}/${flags} (linear)`;
  return withoutUnicode ? { test: (text: string) => SURROGATE.test(text) || withoutUnicode.test(text), toString } : undefined;
}

/** Syntax whose meaning needs the `u` flag. */
const UNICODE_ONLY = /\\[pP]|\\u\{/;
/** Half of a character outside the BMP, on which `u` changes what a pattern matches. */
const SURROGATE = /[\uD800-\uDFFF]/;

function linear(pattern: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return undefined;
  }
}

function uniqueItems(ajv: Ajv): void {
  const validate: SchemaValidateFunction = (unique: boolean, items: unknown[]) => {
    if (!unique || new Set(items.map((item) => JSON.stringify(sortKeys(item)))).size === items.length) return true;
    validate.errors = [{ keyword: "uniqueItems", message: "must NOT have duplicate items", params: {} }];
    return false;
  };
  ajv.removeKeyword("uniqueItems");
  ajv.addKeyword({ keyword: "uniqueItems", type: "array", schemaType: "boolean", validate });
}
