/** Characters that reorder or hide text: bidi marks, overrides and isolates, zero-width characters. */
const REORDERING = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Text from agent code or a server, made safe for a terminal: control characters other than
 * newline and tab (escape sequences that clear the screen or write the clipboard) are shown as
 * `\xNN` instead of being sent, and so are the characters that reorder or hide text (bidi
 * overrides and isolates, zero-width characters), as `\u{NNNN}`: an approval question must read
 * as what it asks.
 */
export function printable(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
      .replace(REORDERING, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
  );
}

/**
 * JSON text made safe for a terminal and still the same JSON: `JSON.stringify` escapes only
 * U+0000–U+001F, so DEL, the C1 controls (a lone U+009B starts an escape sequence on many
 * terminals) and the reordering characters are written as `\uNNNN` escapes, which parse back to
 * the same strings (outside strings, JSON text has none of them).
 */
export function printableJson(json: string): string {
  return json
    .replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(REORDERING, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
