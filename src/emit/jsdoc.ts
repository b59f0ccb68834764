/**
 * The one function all server text goes through on its way into a comment: `*\/` cannot end
 * the comment early, line breaks are normalised, and trailing space is trimmed.
 */
export function escapeComment(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\*\//g, "*\\/")
    .replace(/[ \t]+$/gm, "")
    .trim();
}

const ONE_LINE_MAX = 120;

/**
 * A JSDoc block for the given lines (not yet escaped); empty when there are none. Short docs
 * go on one line, tags included: typings are read by models, and every line break costs.
 *
 * A longer doc's lines go into the comment flush left, as the server wrote them: no ` * `
 * before each, nor the indentation, which cost a model two tokens a line and say nothing
 * (TypeScript reads JSDoc without the stars; prettier prints such a comment as it is). Only
 * when every line starts with `*` (a list of `* item`s) are the stars kept: prettier would
 * re-indent that comment as if they were its own.
 */
export function jsdoc(lines: readonly string[], indent = ""): string {
  const body = lines.map(escapeComment).filter((line) => line !== "");
  if (body.length === 0) return "";
  const single = body.join(" ");
  const onlyTagsFollow = body.slice(1).every((line) => line.startsWith("@"));
  if (!single.includes("\n") && (body.length === 1 || (onlyTagsFollow && single.length <= ONE_LINE_MAX))) return `${indent}/** ${single} */\n`;
  const text = body.join("\n").split("\n");
  if (text.every(startsWithStar)) return `${indent}/**\n${text.map((line) => `${indent} *${line ? ` ${line}` : ""}`).join("\n")}\n${indent} */\n`;
  return `${indent}/**\n${text.join("\n")}\n${indent}*/\n`;
}

/** A line prettier takes for a starred JSDoc line (see `jsdoc`). */
export function startsWithStar(line: string): boolean {
  return line.trimStart().startsWith("*");
}

/** A value shown in a tag, as compact JSON cut to a readable length. */
export function jsonForDoc(value: unknown, max = 200): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
