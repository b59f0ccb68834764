/**
 * A JSON parse error as a person reads it: `line 3, column 5: Expected ',' or '}' after property
 * value`. V8 names a character offset ("at position 45"); the end of the text when it names none.
 */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const reason = message.replace(/\s*in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)$/, "");
  return `line ${line}, column ${column}: ${reason}`;
}
