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
      .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
  );
}
