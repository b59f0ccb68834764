/**
 * Text from agent code or a server, made safe for a terminal: control characters other than
 * newline and tab (escape sequences that clear the screen or write the clipboard) are shown as
 * `\xNN` instead of being sent.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
