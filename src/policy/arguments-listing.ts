import type { JsonSchema } from "../snapshot/types.js";
import { ArgumentSchema } from "./argument-schema.js";
import { keyText, orderedEntries, stringText } from "./argument-text.js";

/**
 * The arguments whole, for a person who asked to see them all: indented JSON, one line per
 * value, no value cut, written as the preview writes them (declared keys first and the others
 * marked, keys' non-ASCII letters escaped, runs of blanks counted: a value padded to draw a fake
 * listing at the bottom of the screen shows as the count it is).
 */
export function argumentsListing(args: Record<string, unknown>, inputSchema?: JsonSchema): string[] {
  const lines: string[] = [];
  write(args, ArgumentSchema.of(inputSchema), "", "", "", lines);
  return lines;
}

function write(value: unknown, schema: ArgumentSchema, indent: string, head: string, tail: string, lines: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return void lines.push(`${indent}${head}[]${tail}`);
    lines.push(`${indent}${head}[`);
    value.forEach((item, i) => write(item, schema.items, `${indent}  `, "", i < value.length - 1 ? "," : "", lines));
    lines.push(`${indent}]${tail}`);
    return;
  }
  if (value !== null && typeof value === "object") {
    const entries = orderedEntries(value as Record<string, unknown>, schema);
    if (entries.length === 0) return void lines.push(`${indent}${head}{}${tail}`);
    lines.push(`${indent}${head}{`);
    entries.forEach(([key, item], i) => write(item, schema.property(key), `${indent}  `, `${keyText(key, schema)}: `, i < entries.length - 1 ? "," : "", lines));
    lines.push(`${indent}}${tail}`);
    return;
  }
  lines.push(`${indent}${head}${typeof value === "string" ? stringText(value) : (JSON.stringify(value) ?? "null")}${tail}`);
}
