/**
 * How the approval question writes one string or key, in the preview and in the whole listing
 * alike: as JSON, with runs of blanks counted and a key's non-ASCII letters escaped.
 */
import type { ArgumentSchema } from "./argument-schema.js";

/** Space-like characters: a run of them is counted, not shown (padding scrolls the question, or moves text to where a line starts). */
const BLANK_RUN = /[\s\u2800\u3164\u115f\u1160\uffa0]{8,}/gu;

const countBlanks = (json: string) => json.replace(BLANK_RUN, (run) => `…(${[...run].length} blanks)…`);

/** A string's JSON, runs of blanks counted. */
export function stringText(value: string): string {
  return countBlanks(JSON.stringify(value));
}

/**
 * A key's JSON, runs of blanks counted and every character outside printable ASCII escaped (keys
 * are names: a lookalike letter must not pass for another), marked when the schema declares the
 * object's keys and not this one: the server may ignore it, whatever it seems to say (`dryRun`).
 */
export function keyText(key: string, parent: ArgumentSchema): string {
  const json = countBlanks(JSON.stringify(key).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  return parent.closed && !parent.declared.includes(key) ? `${json}(undeclared)` : json;
}

/** An object's entries, the keys its schema declares first in the schema's order, then the rest in theirs (agent code chose it). */
export function orderedEntries(value: Record<string, unknown>, schema: ArgumentSchema): [string, unknown][] {
  const first = schema.declared.filter((key) => Object.hasOwn(value, key));
  const named = new Set(first);
  return [...first.map((key): [string, unknown] => [key, value[key]]), ...Object.entries(value).filter(([key]) => !named.has(key))];
}
