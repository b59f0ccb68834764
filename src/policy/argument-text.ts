/**
 * How the approval question writes one string or key, in the preview and in the whole listing
 * alike: as JSON, with whatever could pass for something else escaped and runs of spaces counted.
 */
import { jsonEscapes } from "../util/json-escapes.js";
import type { ArgumentSchema } from "./argument-schema.js";

/** Eight spaces or more: counted, not shown (padding scrolls the question, or moves text to where a line starts). */
const SPACE_RUN = / {8,}/g;

/** A word: letters, marks and digits; and any other character outside ASCII. */
const WORD_OR_OTHER = /[\p{L}\p{M}\p{N}]+|[^\x00-\x7f]/gu;
/** Latin letters of European languages with no accent to take off (`ß`, `ø`, `ł`): kept beside ASCII ones, as accented letters are. */
const LATIN_LETTERS = new Set("ßæÆøØœŒþÞðÐđĐłŁ");
/** Scripts whose letters pass for one another's: a word with letters of two of them is escaped. */
const LOOKALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u, /\p{Script=Coptic}/u];
/** Mathematical letters and digits (`𝐩𝐚𝐭𝐡`): Latin, Greek and ASCII digits in other fonts. */
const MATHEMATICAL = /[\u{1d400}-\u{1d7ff}]/u;
/** Combining marks shown on one letter; more are escaped (a stack of them draws over the lines around it). */
const MAX_MARKS = 2;

/** An ASCII letter with accents (`ü`, by its decomposition), or a Latin letter of {@link LATIN_LETTERS}. */
const accented = (c: string) => LATIN_LETTERS.has(c) || /^[A-Za-z]\p{M}+$/u.test(c.normalize("NFD"));

/** Whether a word's letters could mislead beside one another: ASCII letters or digits with others, two lookalike scripts, or mathematical ones. */
function mixed(word: string): boolean {
  if (/[A-Za-z0-9]/.test(word) || MATHEMATICAL.test(word)) return true;
  return LOOKALIKE_SCRIPTS.filter((script) => script.test(word)).length > 1;
}

/**
 * JSON text with the characters outside ASCII that could pass for others escaped: every one that
 * is not a letter, mark or digit, and the modifier letters (lookalike quotes and brackets that
 * fake the JSON's structure, blanks other than the space, line and paragraph separators, private
 * and unassigned ones); combining marks with no letter under them (a dot on a space) or past
 * {@link MAX_MARKS} on one; and in a word that mixes (see {@link mixed}), every character outside
 * ASCII but an accented Latin letter (`pypi.оrg` with a Cyrillic о, `1٠00` with an Arabic-Indic
 * zero, `pypi.ǀocal`). Text in one script (`東京`, `Москва`, `Grüße`) stays as it is.
 */
function escapeLookalikes(json: string): string {
  return json.replace(WORD_OR_OTHER, (match) => {
    if (!/^[\p{L}\p{M}\p{N}]/u.test(match)) return jsonEscapes(match);
    const suspectWord = mixed(match);
    let out = "";
    let marks = Infinity;
    for (const c of match) {
      const mark = /\p{M}/u.test(c);
      marks = mark ? marks + 1 : 0;
      // Modifier letters are letters by category and quotes and primes by look (`ʺ`, `ˮ`, `ʹ`).
      const suspect = mark ? marks > MAX_MARKS : /\p{Lm}/u.test(c) || MATHEMATICAL.test(c) || (suspectWord && c > "\x7f" && !accented(c));
      out += suspect ? jsonEscapes(c) : c;
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
 * A key's JSON, runs of spaces counted and every character outside printable ASCII escaped: keys
 * are names, and a lookalike letter must not pass for another.
 */
export function keyText(key: string): string {
  return countSpaces(JSON.stringify(key).replace(/[^\x20-\x7e]+/g, jsonEscapes));
}

/**
 * What follows a key the schema does not declare where it declares the object's keys: the server
 * may ignore it, whatever it seems to say (`dryRun`). Written after the key is cut, never cut itself.
 */
export function undeclaredMark(key: string, parent: ArgumentSchema): string {
  return parent.undeclared(key) ? "(undeclared)" : "";
}

/** An object's entries, the keys its schema declares first in the schema's order, then the rest in theirs (agent code chose it). */
export function orderedEntries(value: Record<string, unknown>, schema: ArgumentSchema): [string, unknown][] {
  const first = schema.declared.filter((key) => Object.hasOwn(value, key));
  const named = new Set(first);
  return [...first.map((key): [string, unknown] => [key, value[key]]), ...Object.entries(value).filter(([key]) => !named.has(key))];
}
