import { SSEClientTransport, StreamableHTTPClientTransport, type AuthProvider, type OAuthClientProvider, type Transport } from "@modelcontextprotocol/client";
import { getDefaultEnvironment } from "@modelcontextprotocol/client/stdio";
import { storedProvider } from "../auth/stored.js";
import { interpolate, interpolateRecord } from "../config/interpolate.js";
import { limitedFetch } from "./limited-fetch.js";
import type { ResolvedServer } from "../config/types.js";
import { StdioTransport } from "./stdio.js";
import { remoteUrl } from "./url.js";

export { remoteUrl } from "./url.js";

export type LiveServer = Exclude<ResolvedServer, { kind: "snapshot" }>;

/** A transport ready to connect, with what it can tell about a failure. */
export interface OpenedTransport {
  transport: Transport;
  /** Where it goes, for messages: a command line or a URL without its query. */
  target: string;
  /** For stdio servers: what the process said and how it ended. */
  process?: StdioTransport;
}

/** A stdio transport. `${VAR}`s in args and env expand here, and nowhere else. */
export function stdioTransport(server: Extract<ResolvedServer, { kind: "stdio" }>, env: NodeJS.ProcessEnv): OpenedTransport {
  const key = `servers.${server.name}`;
  const args = (server.args ?? []).map((arg, i) => interpolate(arg, env, `${key}.args[${i}]`));
  const childEnv = { ...getDefaultEnvironment(), ...interpolateRecord(server.env, env, `${key}.env`) };
  const command = interpolate(server.command, env, `${key}.command`);
  const transport = new StdioTransport({ command, args, env: childEnv, ...(server.cwd ? { cwd: server.cwd } : {}) });
  return { transport, target: [command, ...args].join(" "), process: transport };
}

/**
 * A Streamable HTTP or SSE transport with the configured headers, signed in with the tokens
 * `codemode auth` cached (or with `authProvider`, during that sign-in).
 */
export function remoteTransport(
  server: Extract<ResolvedServer, { kind: "remote" }>,
  env: NodeJS.ProcessEnv,
  kind: "http" | "sse",
  authProvider?: OAuthClientProvider | AuthProvider,
): OpenedTransport {
  const url = remoteUrl(server, env);
  const headers = interpolateRecord(server.headers, env, `servers.${server.name}.headers`);
  const auth = authProvider ?? storedProvider(server, url.href, env);
  const options = { requestInit: { headers }, ...(auth ? { authProvider: auth } : {}) };
  const transport =
    kind === "http"
      ? new StreamableHTTPClientTransport(url, { ...options, fetch: limitedFetch() })
      : new SSEClientTransport(url, { ...options, eventSourceInit: { fetch: withHeaders(headers) } });
  return { transport, target: `${url.origin}${url.pathname}` };
}


/** The SSE stream is opened by `eventsource`, which takes headers only through its fetch. */
function withHeaders(headers: Record<string, string>): typeof fetch {
  return (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } });
}
