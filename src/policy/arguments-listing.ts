import type { JsonSchema } from "../snapshot/types.js";
import { ArgumentSchema } from "./argument-schema.js";
import { keyText, orderedEntries, stringText, undeclaredMark } from "./argument-text.js";

/**
 * The arguments whole, for a person who asked to see them all: indented JSON, one line per
 * value, no value cut, written as the preview writes them (declared keys first and the others
 * marked, lookalikes escaped, runs of spaces counted: a value padded to draw a fake listing at the
 * bottom of the screen shows as the count it is), and a string of several lines as its lines.
 */
export function argumentsListing(args: Record<string, unknown>, inputSchema?: JsonSchema): string[] {
  const lines: string[] = [];
  write(args, ArgumentSchema.of(inputSchema), 0, "", "", lines);
  return lines;
}

/** Levels indented; deeper lines say their level instead (1,000 levels of indentation made a listing of 2 MB of blanks). */
const MAX_INDENT = 16;
const indentOf = (depth: number) => (depth <= MAX_INDENT ? "  ".repeat(depth) : `${"  ".repeat(MAX_INDENT)}(level ${depth}) `);

function write(value: unknown, schema: ArgumentSchema, depth: number, head: string, tail: string, lines: string[]): void {
  const indent = indentOf(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return void lines.push(`${indent}${head}[]${tail}`);
    lines.push(`${indent}${head}[`);
    const items = schema.items;
    value.forEach((item, i) => write(item, items, depth + 1, "", i < value.length - 1 ? "," : "", lines));
    lines.push(`${indent}]${tail}`);
    return;
  }
  if (value !== null && typeof value === "object") {
    const entries = orderedEntries(value as Record<string, unknown>, schema);
    if (entries.length === 0) return void lines.push(`${indent}${head}{}${tail}`);
    lines.push(`${indent}${head}{`);
    entries.forEach(([key, item], i) => write(item, schema.property(key), depth + 1, `${keyText(key)}${undeclaredMark(key, schema)}: `, i < entries.length - 1 ? "," : "", lines));
    lines.push(`${indent}}${tail}`);
    return;
  }
  if (typeof value === "string" && value.includes("\n")) return textBlock(value, indent, head, tail, lines);
  lines.push(`${indent}${head}${typeof value === "string" ? stringText(value) : (JSON.stringify(value) ?? "null")}${tail}`);
}

/**
 * A string of several lines as one listing line per line of it, each after `|`: code to be
 * written reads as code, where `\n` inside one long JSON string read as text (a line break in what
 * looked like a comment), and a wrap could part its `\` from its `n`. Each line is written as a
 * string's JSON is, without the quotes; a line of it cannot pass for a line of the listing.
 */
function textBlock(value: string, indent: string, head: string, tail: string, lines: string[]): void {
  const parts = value.split("\n");
  lines.push(`${indent}${head}${parts.length} lines${tail}`);
  for (const part of parts) lines.push(`${indent}  | ${stringText(part).slice(1, -1)}`);
}
