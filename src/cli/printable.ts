import { jsonEscapes } from "../util/json-escapes.js";

/**
 * Characters that reorder or hide text: the format characters (bidi marks, overrides and
 * isolates, zero-width characters, soft hyphens, the tag characters), every other character
 * Unicode says to draw as nothing (variation selectors, Hangul fillers), the line and paragraph
 * separators, and the braille blank. Unescaped, two keys that read alike may differ, and text may
 * read in another order than its own.
 */
const REORDERING = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029\u2800]/gu;

/**
 * Text from agent code or a server, made safe for a terminal: control characters other than
 * newline and tab (escape sequences that clear the screen or write the clipboard) are shown as
 * `\xNN` instead of being sent, and so are the characters that reorder or hide text (bidi
 * overrides and isolates, zero-width and other invisible characters), as `\u{NNNN}`: an approval
 * question must read as what it asks.
 */
export function printable(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
      .replace(REORDERING, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
  );
}

/** {@link printable} on one line: newlines and tabs escaped too, for a name a server chose inside a question. */
export function printableLine(text: string): string {
  return printable(text).replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}

/**
 * JSON text made safe for a terminal and still the same JSON: `JSON.stringify` escapes only
 * U+0000–U+001F, so DEL, the C1 controls (a lone U+009B starts an escape sequence on many
 * terminals) and the reordering characters are written as `\uNNNN` escapes, which parse back to
 * the same strings (outside strings, JSON text has none of them).
 */
export function printableJson(json: string): string {
  return json
    .replace(/[\u007f-\u009f]/g, jsonEscapes)
    .replace(REORDERING, jsonEscapes);
}
