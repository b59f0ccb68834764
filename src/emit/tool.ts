import type { ToolAnnotations, ToolInfo } from "../snapshot/types.js";
import { renderDeclaration } from "./declaration.js";
import { jsdoc } from "./jsdoc.js";
import { namedAfter } from "./names.js";
import type { TsType } from "./schema/ast.js";
import { toType } from "./schema/convert.js";
import { docsFor } from "./schema/docs.js";
import { printType } from "./schema/print.js";
import type { TypeRegistry } from "./schema/registry.js";
import { RootContext } from "./schema/root.js";

/** The names one tool takes in its namespace, claimed up front so definitions cannot take them. */
export interface ToolNames {
  fn: string;
  input: string;
  output: string;
}

/** A tool's schemas as types, before printing: `shareRepeated` may still name parts of them. */
export interface ConvertedTool {
  tool: ToolInfo;
  names: ToolNames;
  input: { type: TsType; doc: string[]; referenced: boolean };
  output?: { type: TsType; doc: string[] };
}

/** Converts one tool's input and output schemas, declaring the definitions they bring. */
export function convertTool(tool: ToolInfo, names: ToolNames, registry: TypeRegistry): ConvertedTool {
  const owner = names.input.slice(0, -"Input".length);
  const input = convertRoot(inputSchemaOf(tool.inputSchema), names.input, tool.name, owner, registry);
  const output = tool.outputSchema === undefined ? undefined : convertRoot(tool.outputSchema, names.output, tool.name, owner, registry);
  return { tool, names, input, ...(output ? { output } : {}) };
}

/** The types a converted tool holds, for `shareRepeated`. */
export function toolTypes(converted: ConvertedTool): TsType[] {
  return converted.output ? [converted.input.type, converted.output.type] : [converted.input.type];
}

/** Declarations and the function for one tool, as text for inside `declare namespace`. */
export function renderTool({ tool, names, input, output }: ConvertedTool): string {
  let text = "";
  let param: string;
  if (input.type.kind === "object" && input.type.members.length === 0 && !input.referenced) {
    // No parameters: inline `Record<string, never>` (nothing accepted) rather than a named `{}` (anything accepted).
    param = `input?: ${printType(input.type, 1)}`;
  } else {
    text += renderDeclaration({ name: names.input, doc: input.doc, type: input.type });
    param = `input${allOptional(input.type) ? "?" : ""}: ${names.input}`;
  }
  let returns = "ToolResult";
  if (output) {
    text += renderDeclaration({ name: names.output, doc: output.doc, type: output.type });
    returns = names.output;
  }
  text += jsdoc(toolDoc(tool, names.fn), "  ");
  text += `  function ${names.fn}(${param}): Promise<${returns}>;\n`;
  return text;
}

/** Converts a tool's input or output schema, declaring the definitions it brings. */
function convertRoot(schema: unknown, name: string, tool: string, owner: string, registry: TypeRegistry) {
  const root = schema && typeof schema === "object" ? (schema as Record<string, unknown>) : {};
  const ctx = new RootContext(registry, root, name, tool, owner, toType);
  for (const def of ctx.nameDefinitions()) {
    const type = toType(def.schema, ctx, { pointer: def.pointer, owner: def.pointer, alias: true });
    registry.declare({ name: def.name, doc: docsFor(def.schema), type });
  }
  const type = toType(schema, ctx, { pointer: "", owner: "", alias: true });
  return { type, doc: docsFor(schema).filter((line) => !line.startsWith("@default")), referenced: ctx.rootReferenced };
}

/**
 * Tool arguments are always an object. A schema that does not say so (gitlab sends `{}`) is
 * read as an object, open to any key unless it lists properties. `{ "type": "object" }` alone
 * is a tool without parameters: closed, so the function takes nothing, unlike a free-form
 * object nested in a schema.
 */
function inputSchemaOf(schema: unknown): Record<string, unknown> {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return { type: "object", additionalProperties: true };
  const input = schema as Record<string, unknown>;
  if (input.type === "object") return takesNothing(input) ? { ...input, additionalProperties: false } : input;
  const described = input.properties !== undefined || input.additionalProperties !== undefined || input.$ref !== undefined;
  return described ? { ...input, type: "object" } : { ...input, type: "object", additionalProperties: true };
}

/** Keywords that leave a parameterless tool parameterless. */
const PARAMETERLESS = new Set(["type", "$schema", "$id", "$comment", "title", "description", "$defs", "definitions", "examples", "default"]);

function takesNothing(input: Record<string, unknown>): boolean {
  const empty = (value: unknown) => (Array.isArray(value) ? value.length === 0 : !!value && typeof value === "object" && Object.keys(value).length === 0);
  return Object.keys(input).every((key) => PARAMETERLESS.has(key) || ((key === "properties" || key === "required") && empty(input[key])));
}

function allOptional(type: TsType): boolean {
  return type.kind === "object" && type.members.every((member) => member.optional);
}

function toolDoc(tool: ToolInfo, fn: string): string[] {
  const lines: string[] = [];
  const title = tool.title ?? tool.annotations?.title;
  const shownTitle = title && !restatesName(title, tool.name) ? title : "";
  // "Title: description" as property docs read (see `docsFor`): one line fewer per tool.
  if (shownTitle && tool.description) lines.push(`${shownTitle}: ${tool.description}`);
  else if (shownTitle || tool.description) lines.push(shownTitle || tool.description!);
  const hints = hintWords(tool.annotations);
  if (hints.length > 0) lines.push(`Hints: ${hints.join(", ")}.`);
  if (!namedAfter(fn, tool.name)) lines.push(`@tool ${tool.name}`);
  return lines;
}

/** "Add Observations" or "Echo Tool" says nothing that `addObservations` or `echo` does not. */
function restatesName(title: string, name: string): boolean {
  const words = letters(title);
  return words === letters(name) || words === `${letters(name)}tool`;
}

function letters(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Only hints the server stated: MCP's defaults (destructive, open-world) are not claimed for it. */
function hintWords(annotations: ToolAnnotations | undefined): string[] {
  if (!annotations) return [];
  const words: string[] = [];
  if (annotations.readOnlyHint === true) words.push("read-only");
  if (annotations.readOnlyHint !== true && annotations.destructiveHint === true) words.push("destructive");
  if (annotations.readOnlyHint !== true && annotations.destructiveHint === false) words.push("non-destructive");
  if (annotations.idempotentHint === true) words.push("idempotent");
  if (annotations.openWorldHint === true) words.push("open-world");
  if (annotations.openWorldHint === false) words.push("closed-world");
  return words;
}
