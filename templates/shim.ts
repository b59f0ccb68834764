/**
 * The runtime shim inside every generated `index.js`. It builds a server's namespace of
 * functions that cross to the host through the one binding in `src/protocol.ts`, and shapes
 * raw MCP results into what the generated typings promise. Bundled by esbuild: no imports
 * survive, and it touches nothing but `globalThis`.
 */
import { HOST_BINDING, type HostBinding, type HostRequest, type HostResponse, type ShimSpec } from "../src/protocol.js";

type Json = Record<string, unknown>;

interface ContentBlock {
  type: string;
  text?: string;
  [key: string]: unknown;
}

/** Thrown when a tool reports an error (`isError`) or the call fails. */
export class ToolError extends Error {
  readonly server: string;
  readonly tool: string;
  readonly result: unknown;

  constructor(message: string, server: string, tool: string, result?: unknown) {
    super(message);
    // Defined, not assigned: assignment fails where `Error.prototype` is frozen.
    Object.defineProperty(this, "name", { value: "ToolError", writable: true, configurable: true });
    this.server = server;
    this.tool = tool;
    this.result = result;
  }
}

/** The realm's one `ToolError`: the first shim installed defines it, later ones reuse it, so `instanceof` works for all. */
let ToolErrorClass = ToolError;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The text blocks of a result, joined with newlines. */
export function joinText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return "";
  return blocks
    .filter((block): block is ContentBlock => isObject(block) && typeof block.text === "string")
    .map((block) => block.text)
    .join("\n");
}

/** A `CallToolResult` as the typings promise: `structuredContent` when declared, else `{ text, content }`. */
export function shapeToolResult(raw: unknown, structured: boolean, server: string, tool: string): unknown {
  const result = isObject(raw) ? raw : {};
  const content = Array.isArray(result.content) ? result.content : [];
  const shaped: Json = { text: joinText(content), content };
  // Any JSON type since MCP 2026-07-28; null counts as absent.
  const hasStructured = result.structuredContent !== undefined && result.structuredContent !== null;
  if (hasStructured) shaped.structuredContent = result.structuredContent;
  if (result.isError === true) {
    throw new ToolErrorClass(`${server}.${tool} failed: ${(shaped.text as string) || "the tool reported an error"}`, server, tool, shaped);
  }
  if (!structured) return shaped;
  if (hasStructured) return result.structuredContent;
  // Servers that declare an output schema sometimes still answer with JSON text only.
  try {
    const parsed: unknown = JSON.parse(shaped.text as string);
    if (parsed !== null) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new ToolErrorClass(`${server}.${tool} declared an output schema but returned no structuredContent`, server, tool, shaped);
}

/** A `ReadResourceResult` as `{ text, contents }`. */
export function shapeResource(raw: unknown): { text: string; contents: unknown[] } {
  const contents = isObject(raw) && Array.isArray(raw.contents) ? raw.contents : [];
  return { text: joinText(contents), contents };
}

/** A `GetPromptResult` as `{ description?, messages }`. */
export function shapePrompt(raw: unknown): { description?: string; messages: unknown[] } {
  const result = isObject(raw) ? raw : {};
  const shaped: { description?: string; messages: unknown[] } = { messages: Array.isArray(result.messages) ? result.messages : [] };
  if (typeof result.description === "string") shaped.description = result.description;
  return shaped;
}

const OPERATORS: Record<string, { first: string; separator: string; named: boolean; reserved: boolean }> = {
  "": { first: "", separator: ",", named: false, reserved: false },
  "+": { first: "", separator: ",", named: false, reserved: true },
  "#": { first: "#", separator: ",", named: false, reserved: true },
  ".": { first: ".", separator: ".", named: false, reserved: false },
  "/": { first: "/", separator: "/", named: false, reserved: false },
  ";": { first: ";", separator: ";", named: true, reserved: false },
  "?": { first: "?", separator: "&", named: true, reserved: false },
  "&": { first: "&", separator: "&", named: true, reserved: false },
};

/** Expands an RFC 6570 URI template (levels 1–3, the forms MCP servers use) with string values. */
export function expandTemplate(template: string, params: Json): string {
  return template.replace(/\{([^}]*)\}/g, (_match, expression: string) => {
    const operator = /^[+#./;?&]/.test(expression) ? expression[0]! : "";
    const rule = OPERATORS[operator]!;
    const parts: string[] = [];
    for (const spec of expression.slice(operator.length).split(",")) {
      const name = spec.replace(/\*$|:\d+$/, "").trim();
      const value = params[name];
      if (value === undefined || value === null) continue;
      const text = String(value);
      const encoded = rule.reserved ? encodeURI(text) : encodeURIComponent(text);
      parts.push(rule.named ? `${name}${text === "" && operator === ";" ? "" : "="}${encoded}` : encoded);
    }
    return parts.length > 0 ? rule.first + parts.join(rule.separator) : "";
  });
}

/** Sends one request through the host binding and unwraps the response. */
async function callHost(request: HostRequest, label: string): Promise<unknown> {
  // A ToolError names the MCP tool (or prompt, or resource URI) as the server knows it.
  const tool = request.kind === "resource" ? request.uri : request.name;
  const host = (globalThis as unknown as Json)[HOST_BINDING] as HostBinding | undefined;
  if (typeof host !== "function") throw new ToolErrorClass(`${label}: no codemode host is connected`, request.server, tool);
  const response = JSON.parse(await host(JSON.stringify(request))) as HostResponse;
  if (!response.ok) throw new ToolErrorClass(`${label} failed: ${response.error.message}`, request.server, tool);
  return response.value;
}

/** The agent passes one plain object (or nothing); anything else is a mistake worth naming. */
function argumentObject(value: unknown, label: string): Json {
  if (value === undefined) return {};
  if (!isObject(value)) throw new TypeError(`${label} takes one object argument, got ${value === null ? "null" : typeof value}`);
  return value;
}

/** Builds a server's namespace from its spec and installs it, and `ToolError`, on `globalThis`. */
export function install(spec: ShimSpec): void {
  const global = globalThis as unknown as Json;
  const { server } = spec;
  const namespace: Json = {};
  for (const [fn, name, structured] of spec.tools) {
    const label = `${spec.namespace}.${fn}`;
    namespace[fn] = async (args?: unknown) => {
      const raw = await callHost({ kind: "tool", server, name, args: argumentObject(args, label) }, label);
      return shapeToolResult(raw, structured, server, name);
    };
  }
  if (spec.read || spec.templates.length > 0) {
    const resources: Json = {};
    const read = async (uri: string, label: string) =>
      shapeResource(await callHost({ kind: "resource", server, uri }, label));
    if (spec.read) {
      resources.read = (uri: unknown) => {
        if (typeof uri !== "string") throw new TypeError(`${spec.namespace}.resources.read takes a URI string`);
        return read(uri, `${spec.namespace}.resources.read`);
      };
    }
    for (const [fn, template] of spec.templates) {
      const label = `${spec.namespace}.resources.${fn}`;
      resources[fn] = (params?: unknown) => read(expandTemplate(template, argumentObject(params, label)), label);
    }
    namespace.resources = Object.freeze(resources);
  }
  if (spec.prompts.length > 0) {
    const prompts: Json = {};
    for (const [fn, name] of spec.prompts) {
      const label = `${spec.namespace}.prompts.${fn}`;
      prompts[fn] = async (args?: unknown) => {
        const values = Object.fromEntries(Object.entries(argumentObject(args, label)).map(([k, v]) => [k, String(v)]));
        return shapePrompt(await callHost({ kind: "prompt", server, name, args: values }, label));
      };
    }
    namespace.prompts = Object.freeze(prompts);
  }
  if (typeof global.ToolError === "function") ToolErrorClass = global.ToolError as typeof ToolError;
  else Object.defineProperty(global, "ToolError", { value: ToolError, writable: false, enumerable: false });
  Object.defineProperty(global, spec.namespace, { value: Object.freeze(namespace), writable: false, enumerable: true, configurable: true });
}
