import { existsSync } from "node:fs";
import { auth, extractWWWAuthenticateParams, UnauthorizedError, type AuthProvider } from "@modelcontextprotocol/client";
import { interpolate } from "../config/interpolate.js";
import type { ResolvedServer } from "../config/types.js";
import { CodemodeError } from "../errors.js";
import { CachedOAuthProvider, type OAuthSettings } from "./provider.js";
import { sendsAuthorization } from "./servers.js";
import { entryFile, readEntry, registeredRedirects } from "./store.js";

export { sendsAuthorization } from "./servers.js";

export type RemoteServer = Extract<ResolvedServer, { kind: "remote" }>;

/** Redirect URL of a provider that never redirects: only its registration's must match. */
const UNUSED_REDIRECT = "http://127.0.0.1/callback";

/**
 * The provider `generate`, `run` and `watch` connect with: the tokens `codemode auth` cached,
 * refreshed silently when the server answers 401. It never opens a browser; when a new sign-in
 * is needed it fails with a message that says how. Undefined when the server was never signed
 * in to, or when the config sends its own `Authorization` header (bearer tokens keep working).
 */
export function storedProvider(server: RemoteServer, url: string, env: NodeJS.ProcessEnv): AuthProvider | undefined {
  const file = entryFile(env, url);
  if (sendsAuthorization(server) || !existsSync(file)) return undefined;
  const entry = readEntry(file, url);
  const registered = registeredRedirects(entry)?.[0];
  const port = server.oauth?.callbackPort;
  const why = entry.tokens ? "its cached tokens were refused and could not be refreshed (revoked or expired)" : "no valid tokens are cached for it";
  const provider = new CachedOAuthProvider({
    file,
    entry,
    redirectUrl: registered ?? (port ? `http://127.0.0.1:${port}/callback` : UNUSED_REDIRECT),
    settings: oauthSettings(server, env),
    redirect: () => {
      throw new CodemodeError("AUTH_REQUIRED", `server "${server.name}" needs a new sign-in: ${why}`, {
        hint: `run: codemode auth ${server.name}`,
        location: { server: server.name },
      });
    },
  });
  return oneRefreshAtATime(provider);
}

/**
 * Runs the SDK's 401 handling (refresh, else the provider's refusal) once for all requests that
 * hit the same expiry, after looking for tokens another process saved meanwhile. Otherwise, with
 * rotating refresh tokens (required for public clients by OAuth 2.1), concurrent calls or a
 * second codemode process would spend a refresh token already spent, and the authorization
 * server would refuse, or revoke the sign-in.
 */
function oneRefreshAtATime(provider: CachedOAuthProvider): AuthProvider {
  let refreshing: Promise<void> | undefined;
  const refresh = async ({ response, serverUrl, fetchFn }: Parameters<NonNullable<AuthProvider["onUnauthorized"]>>[0]) => {
    if (provider.adoptNewerTokens()) return;
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
    const result = await auth(provider, { serverUrl, fetchFn, ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope ? { scope } : {}) });
    if (result !== "AUTHORIZED") throw new UnauthorizedError();
  };
  return {
    token: async () => provider.tokens()?.access_token,
    onUnauthorized: (context) => (refreshing ??= refresh(context).finally(() => (refreshing = undefined))),
  };
}

/** The server's `oauth` settings with `${VAR}`s expanded. */
export function oauthSettings(server: RemoteServer, env: NodeJS.ProcessEnv): OAuthSettings {
  const settings: OAuthSettings = {};
  for (const field of ["clientId", "clientSecret", "scope"] as const) {
    const value = server.oauth?.[field];
    if (value !== undefined) settings[field] = interpolate(value, env, `servers.${server.name}.oauth.${field}`);
  }
  return settings;
}

