import type { ResolvedConfig } from "../config/types.js";
import { emitServerApi, namespaceNames } from "../emit/server.js";
import { CodemodeError } from "../errors.js";
import type { HostRequest, HostResponse } from "../protocol.js";
import type { ServerListing } from "../snapshot/types.js";
import { editDistance } from "../util/edit-distance.js";
import { Dispatcher, type CallLimits, type ClientSource } from "./dispatcher.js";
import { loadShimModule, type ShimModule } from "./shim-module.js";
import type { ArgumentValidator } from "./validate-args.js";

/** What `runtime.api` shares with agent runs: the same listings, clients, validator and limits. */
export interface HostApiContext {
  config: ResolvedConfig;
  listings: Map<string, ServerListing>;
  clients: ClientSource;
  validator: ArgumentValidator;
  limits: Omit<CallLimits, "deadline"> & { timeoutMs: number };
}

type Json = Record<string, unknown>;

/**
 * A server's namespace for host code, typed by the caller with the generated package:
 * `runtime.api<typeof memory>("memory")`. Each call goes through a `Dispatcher` of its own, so
 * the host checks the arguments against the tool's schema, applies the size limits and the
 * timeout, and shapes the result (or throws `ToolError`) with the shim's own functions, exactly
 * as for a call from agent code.
 */
export async function hostApi(server: string, context: HostApiContext): Promise<unknown> {
  const listing = context.listings.get(server);
  if (!listing) throw unknownServer(server, [...context.listings.keys()]);
  const shim = await loadShimModule();
  const namespace = namespaceNames(context.config.servers.map((s) => s.name)).get(server)!;
  const { spec } = emitServerApi(listing, namespace, (member) => member === "resources" || member === "prompts");
  const call = (request: HostRequest, label: string) => callHost(request, label, context, shim);
  const api: Json = {};
  for (const [fn, name, structured] of spec.tools) {
    const label = `${namespace}.${fn}`;
    api[fn] = async (args?: unknown) => shim.shapeToolResult(await call({ kind: "tool", server, name, args: argumentObject(args, label) }, label), structured, server, name);
  }
  if (spec.read || spec.templates.length > 0) {
    const resources: Json = {};
    const read = async (uri: string, label: string) => shim.shapeResource(await call({ kind: "resource", server, uri }, label));
    if (spec.read) resources.read = (uri: string) => read(uri, `${namespace}.resources.read`);
    for (const [fn, template] of spec.templates) {
      const label = `${namespace}.resources.${fn}`;
      resources[fn] = (params?: unknown) => read(shim.expandTemplate(template, argumentObject(params, label)), label);
    }
    api.resources = Object.freeze(resources);
  }
  if (spec.prompts.length > 0) {
    const prompts: Json = {};
    for (const [fn, name] of spec.prompts) {
      const label = `${namespace}.prompts.${fn}`;
      prompts[fn] = async (args?: unknown) => {
        const values = Object.fromEntries(Object.entries(argumentObject(args, label)).map(([k, v]) => [k, String(v)]));
        return shim.shapePrompt(await call({ kind: "prompt", server, name, args: values }, label));
      };
    }
    api.prompts = Object.freeze(prompts);
  }
  return Object.freeze(api);
}

async function callHost(request: HostRequest, label: string, context: HostApiContext, shim: ShimModule): Promise<unknown> {
  const { timeoutMs, ...limits } = context.limits;
  const dispatcher = new Dispatcher(context.listings, context.clients, context.validator, { ...limits, deadline: Date.now() + timeoutMs });
  try {
    const response = JSON.parse(await dispatcher.handle(JSON.stringify(request))) as HostResponse;
    if (!response.ok) throw new shim.ToolError(`${label} failed: ${response.error.message}`, request.server, request.kind === "resource" ? request.uri : request.name);
    return response.value;
  } finally {
    dispatcher.stop();
  }
}

/** As in the shim: one plain object, or nothing. */
function argumentObject(value: unknown, label: string): Json {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`${label} takes one object argument, got ${value === null ? "null" : typeof value}`);
  return value as Json;
}

function unknownServer(server: string, known: string[]): CodemodeError {
  const near = known.find((name) => editDistance(name, server) <= 2);
  return new CodemodeError("USAGE", `runtime.api: no server "${server}" in the config`, {
    hint: near ? `did you mean "${near}"?` : `the configured servers: ${known.join(", ") || "none"}`,
  });
}
