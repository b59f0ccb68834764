import type { JsonSchema, PromptArgument, PromptInfo, ResourceInfo, ResourceTemplateInfo, Snapshot, ToolInfo } from "./types.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Raw lists as a server (or a dump of one) sent them, before any checking. */
export interface RawListing {
  serverInfo?: unknown;
  protocolVersion?: unknown;
  instructions?: unknown;
  tools?: unknown;
  resources?: unknown;
  resourceTemplates?: unknown;
  prompts?: unknown;
}

/**
 * Turns raw listings into a canonical snapshot. Malformed entries never lose the server:
 * each is dropped or repaired with a warning naming the tool and the field.
 */
export function canonicalize(raw: RawListing, server: string): { snapshot: Snapshot; warnings: string[] } {
  const warnings: string[] = [];
  const warn = (text: string) => warnings.push(`server "${server}": ${text}`);
  const snapshot: Snapshot = {
    tools: uniqueByName(listOf(raw.tools).map((tool, i) => toolOf(tool, i, warn)), "tool", warn),
    resources: uniqueBy(listOf(raw.resources).flatMap((r) => resourceOf(r, warn)), (r) => r.uri, "resource", warn),
    resourceTemplates: uniqueByName(listOf(raw.resourceTemplates).flatMap((t) => templateOf(t, warn)), "resource template", warn),
    prompts: uniqueByName(listOf(raw.prompts).flatMap((p) => promptOf(p, warn)), "prompt", warn),
  };
  const info = serverInfoOf(raw.serverInfo);
  if (info) snapshot.serverInfo = info;
  if (str(raw.protocolVersion)) snapshot.protocolVersion = raw.protocolVersion as string;
  if (str(raw.instructions)) snapshot.instructions = raw.instructions as string;
  return { snapshot: sortKeys(snapshot) as Snapshot, warnings };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function serverInfoOf(value: unknown): Snapshot["serverInfo"] {
  if (!isObject(value) || !str(value.name)) return undefined;
  return pick<Snapshot["serverInfo"]>(value, ["name", "title", "version"]);
}

function toolOf(value: unknown, index: number, warn: (text: string) => void): ToolInfo | undefined {
  if (!isObject(value) || !str(value.name)) {
    warn(`tools[${index}] has no name; skipped`);
    return undefined;
  }
  const name = value.name as string;
  const tool: ToolInfo = { ...pick<Pick<ToolInfo, "name">>(value, ["name", "title", "description"]), inputSchema: {} };
  tool.inputSchema = inputSchemaOf(value.inputSchema, name, warn);
  if (value.outputSchema !== undefined) {
    if (isObject(value.outputSchema)) tool.outputSchema = dropSchemaNoise(value.outputSchema);
    else warn(`tool "${name}": outputSchema is not an object; ignored`);
  }
  if (isObject(value.annotations)) {
    const annotations = pick(value.annotations, ["title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]);
    if (Object.keys(annotations).length > 0) tool.annotations = annotations;
  }
  return tool;
}

/** MCP requires `type: "object"`; real servers send `{}` or a bare `$schema`. Kept as sent, with a warning: emit reads them as objects. */
function inputSchemaOf(value: unknown, tool: string, warn: (text: string) => void): JsonSchema {
  if (!isObject(value)) {
    warn(`tool "${tool}": inputSchema is missing or not an object; typed as an open object`);
    return {};
  }
  const schema = dropSchemaNoise(value);
  if (schema.type !== "object") warn(`tool "${tool}": inputSchema lacks "type": "object"; typed as an object anyway`);
  return schema;
}

/**
 * `$schema` is kept: the dialect decides what a schema means (siblings of `$ref` apply from
 * 2019-09 on, `dependencies` is draft-07's). Only a `$schema` that is not a string is dropped.
 */
function dropSchemaNoise(schema: Json): Json {
  if (schema.$schema === undefined || typeof schema.$schema === "string") return schema;
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

function resourceOf(value: unknown, warn: (text: string) => void): ResourceInfo[] {
  if (!isObject(value) || !str(value.uri)) {
    warn("a resource has no uri; skipped");
    return [];
  }
  return [{ ...pick<ResourceInfo>(value, ["uri", "name", "title", "description", "mimeType"]), name: str(value.name) ?? (value.uri as string) }];
}

function templateOf(value: unknown, warn: (text: string) => void): ResourceTemplateInfo[] {
  if (!isObject(value) || !str(value.uriTemplate) || !str(value.name)) {
    warn("a resource template has no uriTemplate or name; skipped");
    return [];
  }
  return [pick<ResourceTemplateInfo>(value, ["uriTemplate", "name", "title", "description", "mimeType"])];
}

function promptOf(value: unknown, warn: (text: string) => void): PromptInfo[] {
  if (!isObject(value) || !str(value.name)) {
    warn("a prompt has no name; skipped");
    return [];
  }
  const prompt = pick<PromptInfo>(value, ["name", "title", "description"]);
  const args = listOf(value.arguments).filter((a): a is Json => isObject(a) && !!str(a.name));
  if (args.length > 0) prompt.arguments = args.map((a) => pick<PromptArgument>(a, ["name", "description", "required"]));
  return [prompt];
}

function uniqueByName<T extends { name: string }>(items: (T | undefined)[], kind: string, warn: (text: string) => void): T[] {
  return uniqueBy(items, (item) => item.name, kind, warn);
}

/** Sorts by key and keeps the first of each key, warning about the rest. */
function uniqueBy<T>(items: (T | undefined)[], keyOf: (item: T) => string, kind: string, warn: (text: string) => void): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    if (item === undefined) continue;
    const key = keyOf(item);
    if (seen.has(key)) warn(`${kind} "${key}" is listed twice; the first is kept`);
    else seen.set(key, item);
  }
  return [...seen.keys()].sort(compareCodePoints).map((key) => seen.get(key)!);
}

/** Copies the listed keys that hold a value of a JSON-ish kind. */
function pick<T = Json>(source: Json, keys: string[]): T {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined && source[key] !== null) setOwn(out, key, source[key]);
  return out as T;
}

/**
 * Sets an own property, even one named `__proto__`, which plain assignment would turn into a
 * prototype. Only the keys `Object.prototype` has take `defineProperty` (where it is frozen, as
 * under SES, assigning `constructor` or `toString` throws): for any other, assignment to a plain
 * object makes the same own property, several times faster (canonical snapshots copy every key).
 */
export function setOwn(target: Json, key: string, value: unknown): void {
  if (key in Object.prototype) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Code-point order: locale-independent, so every machine sorts alike. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts object keys recursively, except the members of `properties`, whose order the
 * server chose for readers (required fields first, and so on) and which stays as sent.
 */
export function sortKeys(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (!isObject(value)) return value;
  const keys = keepOrder ? Object.keys(value) : Object.keys(value).sort(compareCodePoints);
  const out: Json = {};
  for (const key of keys) setOwn(out, key, sortKeys(value[key], !keepOrder && key === "properties" && isObject(value[key])));
  return out;
}

/** The bytes of `snapshot.json`: canonical, two-space indented, LF, trailing newline. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(sortKeys(snapshot), null, 2)}\n`;
}
