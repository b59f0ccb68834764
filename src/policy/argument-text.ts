/**
 * How the approval question writes one string or key, in the preview and in the whole listing
 * alike: as JSON, with whatever could pass for something else escaped and runs of spaces counted.
 */
import type { ArgumentSchema } from "./argument-schema.js";

/** Eight spaces or more: counted, not shown (padding scrolls the question, or moves text to where a line starts). */
const SPACE_RUN = / {8,}/g;

/** A word: letters, marks and digits; and any other character outside ASCII. */
const WORD_OR_OTHER = /[\p{L}\p{M}\p{N}]+|[^\x00-\x7f]/gu;
/** Letters that accented Latin text uses: kept inside a word that has ASCII letters (`Grüße`). */
const ACCENTED_LATIN = /[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]/u;

const escape = (text: string) => text.split("").map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/**
 * JSON text with the characters outside ASCII that could pass for others escaped: every one that
 * is not a letter, mark or digit, and the modifier letters (lookalike quotes and brackets that fake
 * the JSON's structure, blanks other than the space, line and paragraph separators, private and
 * unassigned ones),
 * combining marks with no letter under them (a dot on a space), and in a word with ASCII letters,
 * any letter but accented Latin (`pypi.оrg` with a Cyrillic о). Text in another script (`東京`,
 * `Москва`) stays as it is.
 */
function escapeLookalikes(json: string): string {
  return json.replace(WORD_OR_OTHER, (match) => {
    if (!/^[\p{L}\p{M}\p{N}]/u.test(match)) return escape(match);
    const mixed = /[A-Za-z]/.test(match);
    let out = "";
    let based = false;
    for (const c of match) {
      const mark = /\p{M}/u.test(c);
      // Modifier letters are letters by category and quotes and primes by look (`ʺ`, `ˮ`, `ʹ`).
      const suspect = (mark && !based) || /\p{Lm}/u.test(c) || (mixed && c > "\x7f" && !mark && !ACCENTED_LATIN.test(c));
      out += suspect ? escape(c) : c;
      based ||= !mark;
    }
    return out;
  });
}

const countSpaces = (json: string) => json.replace(SPACE_RUN, (run) => `…(${run.length} spaces)…`);

/** A string's JSON, lookalikes escaped and runs of spaces counted. */
export function stringText(value: string): string {
  return countSpaces(escapeLookalikes(JSON.stringify(value)));
}

/**
 * A key's JSON, runs of spaces counted and every character outside printable ASCII escaped (keys
 * are names: a lookalike letter must not pass for another), marked when the schema declares the
 * object's keys and not this one: the server may ignore it, whatever it seems to say (`dryRun`).
 */
export function keyText(key: string, parent: ArgumentSchema): string {
  const json = countSpaces(JSON.stringify(key).replace(/[^\x20-\x7e]+/g, escape));
  return parent.undeclared(key) ? `${json}(undeclared)` : json;
}

/** An object's entries, the keys its schema declares first in the schema's order, then the rest in theirs (agent code chose it). */
export function orderedEntries(value: Record<string, unknown>, schema: ArgumentSchema): [string, unknown][] {
  const first = schema.declared.filter((key) => Object.hasOwn(value, key));
  const named = new Set(first);
  return [...first.map((key): [string, unknown] => [key, value[key]]), ...Object.entries(value).filter(([key]) => !named.has(key))];
}
