import type { Client } from "@modelcontextprotocol/client";
import { CodemodeError, messageOf } from "../errors.js";
import { canonicalize, type RawListing } from "../snapshot/canonical.js";
import type { ServerListing } from "../snapshot/types.js";
import { withConnection } from "./connect.js";
import { listAll } from "./list.js";
import type { LiveServer } from "./transport.js";

/** What a TTY progress display (or a test) hears about each server. */
export type ProgressEvent =
  | { server: string; phase: "start" }
  | { server: string; phase: "done"; tools: number; ms: number }
  | { server: string; phase: "failed"; ms: number };

export interface IntrospectOptions {
  env?: NodeJS.ProcessEnv;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * Introspects servers concurrently, each under its own timeout. When any fails, throws one
 * error listing every failed server, so nothing is written from a partial picture.
 */
export async function introspectAll(servers: LiveServer[], options: IntrospectOptions = {}): Promise<ServerListing[]> {
  const settled = await Promise.allSettled(servers.map((server) => timed(server, options)));
  const failures = settled.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new CodemodeError("CONNECT_FAILED", `${failures.length} servers failed`, {
      problems: failures.map((failure) => messageOf(failure) + (failure instanceof CodemodeError && failure.hint ? `\n  hint: ${failure.hint}` : "")),
    });
  }
  return settled.map((result) => (result as PromiseFulfilledResult<ServerListing>).value);
}

async function timed(server: LiveServer, options: IntrospectOptions): Promise<ServerListing> {
  const started = performance.now();
  options.onProgress?.({ server: server.name, phase: "start" });
  try {
    const listing = await introspectServer(server, options.env ?? process.env);
    options.onProgress?.({ server: server.name, phase: "done", tools: listing.snapshot.tools.length, ms: performance.now() - started });
    return listing;
  } catch (error) {
    options.onProgress?.({ server: server.name, phase: "failed", ms: performance.now() - started });
    throw error;
  }
}

/** Connects to one server, lists what it offers, and disconnects. */
export function introspectServer(server: LiveServer, env: NodeJS.ProcessEnv): Promise<ServerListing> {
  return withConnection(server, env, Date.now() + server.timeoutMs, ({ client }) => listServer(client, server.name));
}

/** Lists what a connected client's server offers: each list only when the server advertises it. */
export async function listServer(client: Client, server: string): Promise<ServerListing> {
  const capabilities = client.getServerCapabilities() ?? {};
  const raw: RawListing = {
    serverInfo: client.getServerVersion(),
    protocolVersion: client.getNegotiatedProtocolVersion(),
    instructions: client.getInstructions(),
    tools: capabilities.tools ? await listAll(client, "tools/list", "tools", server) : [],
  };
  if (capabilities.resources) {
    raw.resources = await listAll(client, "resources/list", "resources", server);
    raw.resourceTemplates = await listAll(client, "resources/templates/list", "resourceTemplates", server);
  }
  if (capabilities.prompts) raw.prompts = await listAll(client, "prompts/list", "prompts", server);
  return { name: server, ...canonicalize(raw, server) };
}
