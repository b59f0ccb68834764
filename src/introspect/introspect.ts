import { Client } from "@modelcontextprotocol/client";
import { CodemodeError, messageOf } from "../errors.js";
import { canonicalize, type RawListing } from "../snapshot/canonical.js";
import type { ServerListing } from "../snapshot/types.js";
import { CODEMODE_VERSION } from "../version.js";
import { describeFailure } from "./failure.js";
import { listAll } from "./list.js";
import { remoteTransport, stdioTransport, type LiveServer, type OpenedTransport } from "./transport.js";

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
export async function introspectServer(server: LiveServer, env: NodeJS.ProcessEnv): Promise<ServerListing> {
  const deadline = Date.now() + server.timeoutMs;
  if (server.kind === "stdio") return attempt(server, stdioTransport(server, env), deadline);
  if (server.transport) return attempt(server, remoteTransport(server, env, server.transport), deadline);
  try {
    return await attempt(server, remoteTransport(server, env, "http"), deadline);
  } catch (httpError) {
    // Servers that predate Streamable HTTP only speak SSE; auth and timeouts are final.
    if (!(httpError instanceof CodemodeError) || httpError.code === "TIMEOUT" || /HTTP 40[13]/.test(httpError.message)) {
      throw httpError;
    }
    try {
      return await attempt(server, remoteTransport(server, env, "sse"), deadline);
    } catch {
      throw httpError;
    }
  }
}

async function attempt(server: LiveServer, opened: OpenedTransport, deadline: number): Promise<ServerListing> {
  const client = new Client({ name: "codemode", version: CODEMODE_VERSION });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutSignal()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([list(client, opened, server.name), timeout]);
  } catch (error) {
    throw describeFailure({ server, opened, error, timedOut: error instanceof TimeoutSignal });
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => {});
  }
}

class TimeoutSignal extends Error {}

async function list(client: Client, opened: OpenedTransport, server: string): Promise<ServerListing> {
  await client.connect(opened.transport);
  return listServer(client, server);
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
