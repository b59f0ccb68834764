import { jsonForDoc } from "../jsdoc.js";

type Json = Record<string, unknown>;

const TAGS: [keyword: string, tag: string][] = [
  ["format", "format"],
  ["pattern", "pattern"],
  ["minLength", "minLength"],
  ["maxLength", "maxLength"],
  ["minimum", "minimum"],
  ["maximum", "maximum"],
  ["exclusiveMinimum", "exclusiveMinimum"],
  ["exclusiveMaximum", "exclusiveMaximum"],
  ["multipleOf", "multipleOf"],
  ["minItems", "minItems"],
  ["maxItems", "maxItems"],
  ["minProperties", "minProperties"],
  ["maxProperties", "maxProperties"],
  ["contentMediaType", "contentMediaType"],
];

/**
 * JSDoc lines for what a schema node knows beyond its type: description, deprecation,
 * default, examples, ranges, lengths, patterns, formats, and what each enum value means.
 */
export function docsFor(node: unknown): string[] {
  if (!node || typeof node !== "object" || Array.isArray(node)) return [];
  const schema = node as Json;
  const lines: string[] = [];
  const description = typeof schema.description === "string" ? schema.description.trim() : "";
  const title = typeof schema.title === "string" ? schema.title.trim() : "";
  if (description) lines.push(title && !description.startsWith(title) ? `${title}: ${description}` : description);
  else if (title) lines.push(title);
  lines.push(...enumMeanings(schema));
  if (typeof schema.$ref === "string" && !schema.$ref.startsWith("#")) lines.push(`External schema ${schema.$ref}, not resolved: typed as unknown.`);
  if (schema.deprecated === true) lines.push("@deprecated");
  if (schema.default !== undefined) lines.push(`@default ${jsonForDoc(schema.default)}`);
  const examples = Array.isArray(schema.examples) ? schema.examples : schema.example !== undefined ? [schema.example] : [];
  for (const example of examples.slice(0, 3)) lines.push(`@example ${jsonForDoc(example)}`);
  const tuple = tupleLength(schema);
  for (const [keyword, tag] of TAGS) {
    const value = schema[keyword];
    // A tuple's type says these already: `[number, number]` is two items, no fewer, no more.
    if (tuple !== undefined && typeof value === "number" && ((keyword === "minItems" && value <= tuple) || (keyword === "maxItems" && value === tuple))) continue;
    // zod writes the safe-integer bounds on every int; they say nothing to a reader.
    if (typeof value === "number" && Math.abs(value) === Number.MAX_SAFE_INTEGER) continue;
    if (typeof value === "string" || typeof value === "number") lines.push(`@${tag} ${value}`);
  }
  if (schema.uniqueItems === true) lines.push("@uniqueItems");
  return lines;
}

/**
 * How many items a tuple schema lists (`prefixItems`, or draft-07 `items: [...]`), as
 * `arrayType` types it: the first `minItems` required, and none past them when `maxItems` is
 * their number.
 */
function tupleLength(schema: Json): number | undefined {
  const items = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  return items?.length;
}

/** `enumDescriptions` (VS Code), `x-enumDescriptions` and `enumNames`, paired with `enum`. */
function enumMeanings(schema: Json): string[] {
  if (!Array.isArray(schema.enum)) return [];
  const meanings = [schema.enumDescriptions, schema["x-enumDescriptions"], schema["x-enum-descriptions"], schema.enumNames].find(Array.isArray);
  if (!meanings) return [];
  return schema.enum.flatMap((value, i) =>
    typeof meanings[i] === "string" && meanings[i] ? [`- ${jsonForDoc(value)}: ${meanings[i]}`] : [],
  );
}
