import { emitApis } from "../emit/emit.js";
import { propertyKey } from "../emit/names.js";
import { templateVariables } from "../emit/resources.js";
import type { ServerListing, ToolInfo } from "../snapshot/types.js";

/** One callable of the generated API, as the digest lists it and `--tool` picks it. */
export interface Member {
  /** The server's config name. */
  server: string;
  namespace: string;
  /** What agent code calls after the namespace: `getWeather`, `resources.read`, `prompts.review`. */
  path: string;
  /** What the server calls it (tool, prompt or template name), which selectors may use too. */
  wire: string;
  /** The argument as the digest shows it: `{ city, units? }`, or "" for none. */
  argument: string;
  /** The argument's property names, as the server spells them (for search). */
  argumentNames: string[];
  description: string;
  /** `read-only`, `destructive`, … from the tool's annotations. */
  hints: string[];
}

/** Every member of every namespace, in API order, named exactly as the typings name them. */
export function listMembers(listings: ServerListing[]): Member[] {
  // Names only: tool bodies are skipped; resources and prompts are cheap and carry their names.
  const { apis } = emitApis(listings, () => (member) => member === "resources" || member === "prompts");
  const byName = new Map(listings.map((listing) => [listing.name, listing.snapshot]));
  return apis.flatMap(({ namespace, spec }) => {
    const server = spec.server;
    const snapshot = byName.get(spec.server)!;
    const tools = new Map(snapshot.tools.map((tool) => [tool.name, tool]));
    const templates = new Map(snapshot.resourceTemplates.map((template) => [template.uriTemplate, template]));
    const prompts = new Map(snapshot.prompts.map((prompt) => [prompt.name, prompt]));
    const members: Member[] = spec.tools.map(([fn, name]) => {
      const tool = tools.get(name)!;
      const args = toolFields(tool);
      return { server, namespace, path: fn, wire: name, argument: fields(args), argumentNames: args.map((a) => a.name), description: tool.description ?? tool.title ?? "", hints: hints(tool) };
    });
    if (spec.read) {
      const count = snapshot.resources.length;
      members.push({ server, namespace, path: "resources.read", wire: "resources/read", argument: "uri", argumentNames: ["uri"], description: count === 1 ? "Reads the one listed resource." : `Reads one of the ${count} listed resources.`, hints: [] });
    }
    for (const [fn, uriTemplate] of spec.templates) {
      const template = templates.get(uriTemplate)!;
      const variables = templateVariables(uriTemplate).map((v) => ({ name: v.name, required: v.required }));
      members.push({ server, namespace, path: `resources.${fn}`, wire: template.name, argument: fields(variables), argumentNames: variables.map((v) => v.name), description: template.description ?? template.title ?? uriTemplate, hints: [] });
    }
    for (const [fn, name] of spec.prompts) {
      const prompt = prompts.get(name)!;
      const args = (prompt.arguments ?? []).map((arg) => ({ name: arg.name, required: arg.required === true }));
      members.push({ server, namespace, path: `prompts.${fn}`, wire: name, argument: fields(args), argumentNames: args.map((a) => a.name), description: prompt.description ?? prompt.title ?? "", hints: [] });
    }
    return members;
  });
}

function toolFields(tool: ToolInfo): { name: string; required: boolean }[] {
  const schema = tool.inputSchema as { properties?: Record<string, unknown>; required?: unknown };
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.keys(schema.properties ?? {}).map((name) => ({ name, required: required.has(name) }));
}

function fields(list: { name: string; required: boolean }[]): string {
  return list.length === 0 ? "" : `{ ${list.map((field) => `${propertyKey(field.name)}${field.required ? "" : "?"}`).join(", ")} }`;
}

function hints(tool: ToolInfo): string[] {
  const annotations = tool.annotations ?? {};
  const out: string[] = [];
  if (annotations.readOnlyHint === true) out.push("read-only");
  if (annotations.destructiveHint === true && annotations.readOnlyHint !== true) out.push("destructive");
  if (annotations.idempotentHint === true) out.push("idempotent");
  return out;
}
