import { Client } from "@modelcontextprotocol/client";
import { CodemodeError } from "../errors.js";
import { CODEMODE_VERSION } from "../version.js";
import { describeFailure } from "./failure.js";
import { guardTransport } from "./guarded-transport.js";
import { remoteTransport, stdioTransport, type LiveServer, type OpenedTransport } from "./transport.js";

/** A connected MCP client and what its transport can tell about failures. */
export interface Connection {
  client: Client;
  opened: OpenedTransport;
}

/**
 * Connects to a configured server and runs `work` with the client before `deadline`, closing
 * the client afterwards unless `keepOpen`. Streamable HTTP falls back to SSE for servers that
 * only speak that; a failure becomes one clear error naming the server.
 */
export async function withConnection<T>(
  server: LiveServer,
  env: NodeJS.ProcessEnv,
  deadline: number,
  work: (connection: Connection) => Promise<T>,
  keepOpen = false,
): Promise<T> {
  if (server.kind === "stdio") return attempt(server, stdioTransport(server, env), deadline, work, keepOpen);
  if (server.transport) return attempt(server, remoteTransport(server, env, server.transport), deadline, work, keepOpen);
  try {
    return await attempt(server, remoteTransport(server, env, "http"), deadline, work, keepOpen);
  } catch (httpError) {
    // Auth failures and timeouts are final; other failures may mean an SSE-only server.
    if (!(httpError instanceof CodemodeError) || FINAL.has(httpError.code) || /HTTP 40[13]/.test(httpError.message)) throw httpError;
    try {
      return await attempt(server, remoteTransport(server, env, "sse"), deadline, work, keepOpen);
    } catch {
      throw httpError;
    }
  }
}

const FINAL = new Set(["TIMEOUT", "AUTH_REQUIRED", "AUTH_FAILED"]);

class TimeoutSignal extends Error {}

async function attempt<T>(server: LiveServer, opened: OpenedTransport, deadline: number, work: (c: Connection) => Promise<T>, keepOpen: boolean): Promise<T> {
  const client = new Client({ name: "codemode", version: CODEMODE_VERSION });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutSignal()), Math.max(0, deadline - Date.now()));
  });
  let failed = false;
  try {
    return await Promise.race([client.connect(guardTransport(opened.transport)).then(() => work({ client, opened })), timeout]);
  } catch (error) {
    failed = true;
    throw describeFailure({ server, opened, error, timedOut: error instanceof TimeoutSignal });
  } finally {
    clearTimeout(timer);
    if (failed || !keepOpen) await client.close().catch(() => {});
  }
}
