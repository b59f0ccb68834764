import type { ShimSpec } from "../protocol.js";
import type { ServerListing } from "../snapshot/types.js";
import { renderDeclaration } from "./declaration.js";
import { jsdoc } from "./jsdoc.js";
import { identifier, NameScope, typeIdentifier } from "./names.js";
import { emitPrompts, emitResources } from "./resources.js";
import { TypeRegistry } from "./schema/registry.js";
import { shareRepeated } from "./schema/share.js";
import { convertTool, renderTool, toolTypes, type ToolNames } from "./tool.js";

/** One server's API: its `declare namespace` block and what its shim needs. */
export interface ServerApi {
  namespace: string;
  /** `declare namespace … { … }`, with its JSDoc. */
  block: string;
  spec: ShimSpec;
  warnings: string[];
}

/**
 * Which members of a namespace to write: a function's name, or `resources` / `prompts`. Names
 * are still given as in the whole API, so a selection reads the same as the full typings.
 */
export type Include = (member: string) => boolean;

/** Emits a server's namespace. Pure: the same listing always gives the same text. */
export function emitServerApi(listing: ServerListing, namespace: string, include: Include = () => true): ServerApi {
  const { snapshot } = listing;
  const registry = new TypeRegistry(listing.name);
  const values = new NameScope();
  const offersResources = snapshot.resources.length > 0 || snapshot.resourceTemplates.length > 0;
  const offersPrompts = snapshot.prompts.length > 0;
  // Claimed first, so a tool named "prompts" does not push the namespace to "prompts2".
  if (offersResources) values.claim("resources");
  if (offersPrompts) values.claim("prompts");
  const hasResources = offersResources && include("resources");
  const hasPrompts = offersPrompts && include("prompts");

  const tools = snapshot.tools.map((tool) => {
    const fn = values.claim(identifier(tool.name));
    const base = typeIdentifier(fn);
    const names: ToolNames = { fn, input: registry.scope.claim(`${base}Input`), output: tool.outputSchema ? registry.scope.claim(`${base}Output`) : "" };
    return { tool, names };
  });
  const converted = tools.filter(({ names }) => include(names.fn)).map(({ tool, names }) => convertTool(tool, names, registry));
  shareRepeated([...converted.flatMap(toolTypes), ...registry.declarations.map((declaration) => declaration.type)], registry);
  let body = converted.map(renderTool).join("\n");
  const shared = registry.declarations.map((declaration) => renderDeclaration(declaration)).join("\n");
  if (shared) body += `\n${shared}`;

  const spec: ShimSpec = {
    server: listing.name,
    namespace,
    tools: tools.map(({ tool, names }) => [names.fn, tool.name, tool.outputSchema !== undefined]),
    read: snapshot.resources.length > 0,
    templates: [],
    prompts: [],
  };
  if (hasResources) {
    const resources = emitResources(snapshot.resources, snapshot.resourceTemplates);
    body += `\n${resources.text}`;
    spec.templates = resources.templates;
  }
  if (hasPrompts) {
    const prompts = emitPrompts(snapshot.prompts);
    body += `\n${prompts.text}`;
    spec.prompts = prompts.prompts;
  }
  const block = `${jsdoc(serverDoc(listing))}declare namespace ${namespace} {\n${body}}\n`;
  return { namespace, block, spec, warnings: registry.warnings };
}

function serverDoc(listing: ServerListing): string[] {
  const info = listing.snapshot.serverInfo;
  const name = info ? `${info.title ?? info.name}${info.version ? ` ${info.version}` : ""}` : listing.name;
  const lines = [`MCP server "${listing.name}": ${name}.`];
  if (listing.snapshot.instructions) lines.push("", listing.snapshot.instructions);
  return lines;
}

/** Namespace names for servers, in order: camelCase, unique, never a global agents rely on. */
export function namespaceNames(servers: string[]): Map<string, string> {
  const scope = new NameScope(["ToolError", "console", "globalThis", "JSON", "Math", "Promise", "Object", "Array"]);
  return new Map(servers.map((server) => [server, scope.claim(identifier(server, "server"))]));
}
