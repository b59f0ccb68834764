import { Client, OAuthClientFlowError, OAuthError, type SSEClientTransport, type StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { ResolvedConfig } from "../config/types.js";
import { CodemodeError, messageOf } from "../errors.js";
import { describeFailure } from "../introspect/failure.js";
import { introspectServer } from "../introspect/introspect.js";
import { remoteTransport, remoteUrl } from "../introspect/transport.js";
import { CODEMODE_VERSION } from "../version.js";
import { startCallbackServer, type CallbackParams, type CallbackServer } from "./callback.js";
import { CachedOAuthProvider } from "./provider.js";
import { findRemoteServer } from "./servers.js";
import { entryFile, readEntry, registeredRedirects, type AuthEntry } from "./store.js";
import { oauthSettings, sendsAuthorization, type RemoteServer } from "./stored.js";

export interface SignInOptions {
  /** The server's name in the config. */
  server: string;
  env?: NodeJS.ProcessEnv;
  /** Shows the authorization URL to the user (and opens a browser); the sign-in waits for its callback. */
  onAuthorizationUrl: (url: URL, redirectUrl: string) => void | Promise<void>;
  /** How long to wait for the browser to come back. @default 300000 */
  timeoutMs?: number;
  /** Aborts the wait (Ctrl-C). */
  signal?: AbortSignal;
}

export interface SignInResult {
  server: string;
  url: string;
  /** The token cache file (owner-only). */
  file: string;
  /** Tools the server lists with the new tokens: proof they work. */
  tools: number;
}

export const DEFAULT_SIGN_IN_TIMEOUT_MS = 300_000;

/**
 * Signs codemode in to a remote server with OAuth: discovery, registration and PKCE by the
 * MCP client, the user's consent in a browser, the code back on a 127.0.0.1 callback. Tokens go
 * to the user's token cache, where `generate`, `run` and `watch` find and refresh them.
 * Always starts a fresh authorization, so it also switches accounts or widens scopes.
 */
export async function signIn(config: ResolvedConfig, options: SignInOptions): Promise<SignInResult> {
  const env = options.env ?? process.env;
  const server = findRemoteServer(config, options.server);
  if (sendsAuthorization(server)) {
    throw new CodemodeError("USAGE", `server "${server.name}" sends its own Authorization header, which would override OAuth tokens`, {
      hint: `remove headers.Authorization from servers.${server.name} to sign in with OAuth`,
    });
  }
  const url = remoteUrl(server, env).href;
  const file = entryFile(env, url);
  const entry = { ...readEntry(file, url), tokens: undefined };
  let provider: CachedOAuthProvider | undefined;
  const callback = await listen(server.oauth?.callbackPort, registeredPort(entry), () => provider?.lastState);
  let asked: Promise<void> | undefined;
  provider = new CachedOAuthProvider({
    file,
    entry,
    redirectUrl: callback.redirectUrl,
    settings: oauthSettings(server, env),
    redirect: (authorizationUrl) => void (asked = Promise.resolve(options.onAuthorizationUrl(authorizationUrl, callback.redirectUrl))),
  });
  try {
    const opened = remoteTransport(server, env, server.transport ?? "http", provider);
    const client = new Client({ name: "codemode", version: CODEMODE_VERSION });
    try {
      await client.connect(opened.transport);
      throw new CodemodeError("USAGE", `server "${server.name}" let codemode in without signing in: there is nothing to do`);
    } catch (error) {
      if (!asked) throw notStarted(server, error, () => describeFailure({ server, opened, error, timedOut: false }));
    } finally {
      await client.close().catch(() => {});
    }
    await asked;
    const params = await waitFor(callback.result, options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS, options.signal);
    await exchange(opened.transport as StreamableHTTPClientTransport | SSEClientTransport, params, server.name);
  } finally {
    await callback.close();
  }
  const listing = await introspectServer(server, env);
  return { server: server.name, url, file, tools: listing.snapshot.tools.length };
}

/**
 * The callback server: on the configured port, else on the port codemode registered with last
 * time (so the registration stays valid), else on any free port (and codemode registers anew).
 */
async function listen(configured: number | undefined, registered: number | undefined, state: () => string | undefined): Promise<CallbackServer> {
  if (configured !== undefined || registered === undefined) return startCallbackServer(configured ?? 0, state);
  try {
    return await startCallbackServer(registered, state);
  } catch {
    return startCallbackServer(0, state);
  }
}

function registeredPort(entry: AuthEntry): number | undefined {
  const redirect = registeredRedirects(entry)?.[0];
  const port = redirect ? Number(new URL(redirect).port) : 0;
  return port > 0 ? port : undefined;
}

/** Why the browser was never asked: the OAuth flow failed before, or the server did. */
function notStarted(server: RemoteServer, error: unknown, otherwise: () => CodemodeError): CodemodeError {
  if (error instanceof CodemodeError) return error;
  if (!(error instanceof OAuthError || error instanceof OAuthClientFlowError)) return otherwise();
  return new CodemodeError("AUTH_FAILED", `server "${server.name}" asked for credentials, but signing in with OAuth failed: ${messageOf(error)}`, {
    cause: error,
    location: { server: server.name },
    hint: `if it takes an API key instead, set servers.${server.name}.headers; if it needs a client registered by hand, set servers.${server.name}.oauth.clientId`,
  });
}

/** The callback's parameters, unless the wait times out or is aborted first. */
function waitFor(result: Promise<CallbackParams>, timeoutMs: number, signal?: AbortSignal): Promise<CallbackParams> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CodemodeError("TIMEOUT", `no sign-in came back within ${timeoutMs / 1000} s`, { hint: "run codemode auth again, or raise --timeout" })), timeoutMs);
    onAbort = () => reject(new CodemodeError("AUTH_FAILED", "sign-in cancelled"));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([result, stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  });
}

/** Trades the authorization code for tokens (the provider saves them). */
async function exchange(transport: StreamableHTTPClientTransport | SSEClientTransport, params: CallbackParams, name: string): Promise<void> {
  try {
    await transport.finishAuth(params.code, params.iss);
  } catch (error) {
    throw new CodemodeError("AUTH_FAILED", `server "${name}": the authorization server did not issue tokens: ${messageOf(error)}`, { cause: error, location: { server: name } });
  }
}
