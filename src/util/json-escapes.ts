/**
 * `text` as JSON `\uXXXX` escapes, one per UTF-16 unit (two for a character outside the Basic
 * Multilingual Plane): what any JSON parser reads back as the same text, and what a terminal
 * shows as plain ASCII.
 */
export function jsonEscapes(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return out;
}
