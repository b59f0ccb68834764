import { setOwn, sortKeys } from "../snapshot/canonical.js";
import type { JsonSchema, Snapshot, ToolInfo } from "../snapshot/types.js";

/** How much a change breaks a consumer of the generated API. */
export type Level = "major" | "minor" | "patch";

/** One classified difference between two snapshots of a server. */
export interface ApiChange {
  level: Level;
  /** What changed, for a changelog line: `tool "get-user": required input "id" added`. */
  text: string;
}

type Json = Record<string, unknown>;

/** Keywords that only document: changing them is a patch. */
const DOC_KEYWORDS = new Set(["description", "title", "examples", "example", "default", "deprecated", "$comment", "enumDescriptions", "x-enumDescriptions", "enumNames"]);

/**
 * Classifies every change between the committed snapshot and a new one, by the rules of
 * semver for a generated API: removals and narrowings are major, additions and widenings
 * minor, documentation patch. Sorted by level, then text.
 */
export function classifyChanges(before: Snapshot, after: Snapshot): ApiChange[] {
  const changes: ApiChange[] = [];
  const add = (level: Level, text: string) => changes.push({ level, text });
  compareNamed(before.tools, after.tools, "tool", add, (a, b) => compareTool(a, b, add));
  compareNamed(keyed(before.resources, "uri"), keyed(after.resources, "uri"), "resource", add, (a, b) => docChange(a, b, `resource "${a.name}"`, add));
  compareNamed(keyed(before.resourceTemplates, "uriTemplate"), keyed(after.resourceTemplates, "uriTemplate"), "resource template", add, (a, b) =>
    docChange(a, b, `resource template "${a.name}"`, add),
  );
  compareNamed(before.prompts, after.prompts, "prompt", add, (a, b) => comparePrompt(a, b, add));
  if ((before.instructions ?? "") !== (after.instructions ?? "")) add("patch", "server instructions changed");
  const order: Level[] = ["major", "minor", "patch"];
  return changes.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/** The highest level among changes, or undefined when there are none. */
export function highestLevel(changes: ApiChange[]): Level | undefined {
  return (["major", "minor", "patch"] as const).find((level) => changes.some((change) => change.level === level));
}

/** `1.4.2` bumped by a level: major resets minor and patch, minor resets patch. */
export function bump(version: string, level: Level): string {
  const [major = 1, minor = 0, patch = 0] = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  if (level === "major") return `${major + 1}.0.0`;
  if (level === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

function keyed<T extends { name: string }>(items: T[], key: keyof T): (T & { name: string })[] {
  return items.map((item) => ({ ...item, name: String(item[key]) }));
}

function compareNamed<T extends { name: string }>(
  before: T[],
  after: T[],
  kind: string,
  add: (level: Level, text: string) => void,
  compare: (a: T, b: T) => void,
): void {
  const old = new Map(before.map((item) => [item.name, item]));
  const now = new Map(after.map((item) => [item.name, item]));
  for (const [name, item] of old) {
    const next = now.get(name);
    if (next) compare(item, next);
    else add("major", `${kind} "${name}" removed`);
  }
  for (const name of now.keys()) if (!old.has(name)) add("minor", `${kind} "${name}" added`);
}

function compareTool(before: ToolInfo, after: ToolInfo, add: (level: Level, text: string) => void): void {
  const where = `tool "${before.name}"`;
  let schemaChanges = 0;
  const counted = (level: Level, text: string) => {
    schemaChanges++;
    add(level, text);
  };
  compareObjectSchema(before.inputSchema, after.inputSchema, `${where}: input`, "input", counted);
  if (before.outputSchema !== undefined || after.outputSchema !== undefined) {
    if (before.outputSchema === undefined) counted("major", `${where}: output schema added (results change shape)`);
    else if (after.outputSchema === undefined) counted("major", `${where}: output schema removed`);
    else compareObjectSchema(before.outputSchema, after.outputSchema, `${where}: output`, "output", counted);
  }
  // With schema changes listed, what is left to report is the tool's own documentation.
  if (schemaChanges === 0) docChange(withoutDialect(before), withoutDialect(after), where, add);
  else docChange(toolDocs(before), toolDocs(after), where, add);
}

/**
 * A tool without its schemas' `$schema`: snapshots written before the dialect was kept lack
 * it, and naming the dialect changes no property a caller sees.
 */
function withoutDialect(tool: ToolInfo): ToolInfo {
  const strip = (schema: JsonSchema | undefined) => {
    if (!schema || typeof schema !== "object") return schema;
    const { $schema: _dialect, ...rest } = schema;
    return rest;
  };
  const out: ToolInfo = { ...tool, inputSchema: strip(tool.inputSchema)! };
  if (tool.outputSchema !== undefined) out.outputSchema = strip(tool.outputSchema);
  return out;
}

function toolDocs({ title, description, annotations }: ToolInfo): Json {
  return { title, description, annotations };
}

/**
 * Compares the top-level properties of two object schemas. Deeper differences count as a type
 * change of the property that holds them, unless they only widen or only document.
 */
function compareObjectSchema(before: JsonSchema, after: JsonSchema, where: string, side: "input" | "output", add: (level: Level, text: string) => void): void {
  const a = asObject(before);
  const b = asObject(after);
  const propsA = asObject(a.properties);
  const propsB = asObject(b.properties);
  const requiredA = new Set(requiredOf(a));
  const requiredB = new Set(requiredOf(b));
  for (const name of Object.keys(propsA)) {
    if (!Object.hasOwn(propsB, name)) {
      add("major", `${where} "${name}" removed`);
      continue;
    }
    const change = typeChange(propsA[name], propsB[name]);
    if (change === "same") {
      if (side === "input" && !requiredA.has(name) && requiredB.has(name)) add("major", `${where} "${name}" became required`);
      else if (side === "input" && requiredA.has(name) && !requiredB.has(name)) add("minor", `${where} "${name}" became optional`);
      else if (side === "output" && requiredA.has(name) && !requiredB.has(name)) add("major", `${where} "${name}" became optional`);
      continue;
    }
    // Inputs may widen (callers still fit); outputs may narrow (readers still cope).
    const compatible = side === "input" ? change === "wider" : change === "narrower";
    add(compatible ? "minor" : "major", `${where} "${name}" type ${change === "changed" ? "changed" : change === "wider" ? "widened" : "narrowed"}`);
  }
  for (const name of Object.keys(propsB)) {
    if (Object.hasOwn(propsA, name)) continue;
    const required = requiredB.has(name);
    add(side === "input" && required ? "major" : "minor", `${where} "${name}" added${required && side === "input" ? " (required)" : ""}`);
  }
}

/** How a property's schema changed, ignoring documentation keywords. */
function typeChange(before: unknown, after: unknown): "same" | "wider" | "narrower" | "changed" {
  const a = stripDocs(before);
  const b = stripDocs(after);
  if (JSON.stringify(a) === JSON.stringify(b)) return "same";
  const setA = acceptedSet(a);
  const setB = acceptedSet(b);
  if (setA && setB) {
    const aInB = [...setA].every((v) => setB.has(v));
    const bInA = [...setB].every((v) => setA.has(v));
    if (aInB && !bInA) return "wider";
    if (bInA && !aInB) return "narrower";
  }
  return "changed";
}

/** A comparable set of what a simple schema accepts: its enum values, or its types. */
function acceptedSet(schema: unknown): Set<string> | undefined {
  const node = asObject(schema);
  const rest = Object.keys(node).filter((key) => key !== "type" && key !== "enum");
  if (rest.length > 0) return undefined;
  if (Array.isArray(node.enum)) return new Set(node.enum.map((v) => `value:${JSON.stringify(v)}`));
  const types = Array.isArray(node.type) ? node.type : typeof node.type === "string" ? [node.type] : undefined;
  return types ? new Set(types.flatMap((t) => (t === "number" ? ["type:number", "type:integer"] : [`type:${String(t)}`]))) : undefined;
}

function comparePrompt(before: { name: string; arguments?: { name: string; required?: boolean }[] }, after: typeof before, add: (level: Level, text: string) => void): void {
  const where = `prompt "${before.name}"`;
  const argsA = new Map((before.arguments ?? []).map((arg) => [arg.name, arg]));
  const argsB = new Map((after.arguments ?? []).map((arg) => [arg.name, arg]));
  let changed = false;
  for (const name of argsA.keys()) if (!argsB.has(name)) (changed = true), add("major", `${where}: argument "${name}" removed`);
  for (const [name, arg] of argsB) {
    if (argsA.has(name)) {
      if (!argsA.get(name)!.required && arg.required) (changed = true), add("major", `${where}: argument "${name}" became required`);
    } else {
      changed = true;
      add(arg.required ? "major" : "minor", `${where}: argument "${name}" added${arg.required ? " (required)" : ""}`);
    }
  }
  if (!changed) docChange(before, after, where, add);
}

/** Any other difference between two entries is documentation: a patch. */
function docChange(before: unknown, after: unknown, where: string, add: (level: Level, text: string) => void): void {
  if (JSON.stringify(sortKeys(before)) !== JSON.stringify(sortKeys(after))) add("patch", `${where}: documentation changed`);
}

/** Maps whose keys are names, not keywords: a property may well be called "description". */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions"]);

function stripDocs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripDocs);
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const key of Object.keys(schema).sort()) {
    if (DOC_KEYWORDS.has(key)) continue;
    const value = (schema as Json)[key];
    if (key === "enum" || key === "const") setOwn(out, key, value);
    else if (NAME_MAPS.has(key) && value && typeof value === "object") {
      const names: Json = {};
      for (const name of Object.keys(value).sort()) setOwn(names, name, stripDocs((value as Json)[name]));
      setOwn(out, key, names);
    } else setOwn(out, key, stripDocs(value));
  }
  return out;
}

function asObject(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function requiredOf(schema: Json): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === "string") : [];
}
