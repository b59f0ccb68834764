import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { InvalidGrantError, InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import type { AuthorizationParams, OAuthServerProvider } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from "@modelcontextprotocol/sdk/server/auth/router.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { OAuthClientInformationFull, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { createDemoServer } from "./demo.js";
import { sendWeb, toWebRequest } from "../../src/serve/http.js";

export interface TestOAuthServer {
  /** The protected MCP endpoint. */
  mcpUrl: string;
  /** The same MCP server, without protection. */
  openUrl: string;
  /** What the authorization server has done, for assertions. */
  stats: { registrations: number; authorizations: number; codeExchanges: number; refreshes: number; revocations: number };
  /** Makes every access token issued so far expire, as time would. */
  expireAccessTokens(): void;
  /** Revokes every token issued so far, as a user signing out at the provider would. */
  revokeAll(): void;
  /** Makes `/authorize` refuse (the user clicked "Deny"). */
  denyNext(): void;
  close(): Promise<void>;
}

const ACCESS_TTL_S = 3600;

/**
 * A real OAuth 2.1 authorization server (the SDK's `mcpAuthRouter`: metadata, dynamic client
 * registration, `/authorize` with PKCE, `/token` with code and refresh grants, `/revoke`) and an
 * MCP server protected by it (`requireBearerAuth`, 401 with `resource_metadata`), on one
 * 127.0.0.1 port, plus the same MCP server unprotected at `/open`. `/authorize` approves at once, as a user clicking "Allow" would.
 */
export async function startOAuthServer(): Promise<TestOAuthServer> {
  let app: express.Express | undefined;
  const server = http.createServer((req, res) => app!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = new URL("/mcp", base);
  const provider = new AutoApprovingProvider();

  app = express();
  const noRateLimit = { rateLimit: false as const };
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(base),
      resourceServerUrl: mcpUrl,
      scopesSupported: ["mcp"],
      authorizationOptions: noRateLimit,
      clientRegistrationOptions: noRateLimit,
      tokenOptions: noRateLimit,
      revocationOptions: noRateLimit,
    }),
  );
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) });
  const mcp: express.RequestHandler = async (req, res) => {
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await createDemoServer().connect(transport);
    await sendWeb(res, await transport.handleRequest(await toWebRequest(req, new URL(req.url, base))));
  };
  app.all("/mcp", bearer, mcp);
  app.all("/open", mcp);

  return {
    mcpUrl: mcpUrl.href,
    openUrl: new URL("/open", base).href,
    stats: provider.stats,
    expireAccessTokens: () => provider.access.forEach((grant) => (grant.expiresAt = 0)),
    revokeAll: () => {
      provider.access.clear();
      provider.refresh.clear();
    },
    denyNext: () => (provider.deny = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Grant {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

class AutoApprovingProvider implements OAuthServerProvider {
  readonly stats = { registrations: 0, authorizations: 0, codeExchanges: 0, refreshes: 0, revocations: 0 };
  readonly access = new Map<string, Grant>();
  readonly refresh = new Map<string, Grant>();
  deny = false;
  private readonly clients = new Map<string, OAuthClientInformationFull>();
  private readonly codes = new Map<string, { clientId: string; challenge: string; scopes: string[] }>();

  readonly clientsStore = {
    getClient: (id: string) => this.clients.get(id),
    registerClient: (client: OAuthClientInformationFull) => {
      this.stats.registrations++;
      this.clients.set(client.client_id, client);
      return client;
    },
  };

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: express.Response): Promise<void> {
    const target = new URL(params.redirectUri);
    if (params.state !== undefined) target.searchParams.set("state", params.state);
    if (this.deny) {
      this.deny = false;
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "The user declined.");
    } else {
      this.stats.authorizations++;
      const code = token();
      this.codes.set(code, { clientId: client.client_id, challenge: params.codeChallenge, scopes: params.scopes ?? [] });
      target.searchParams.set("code", code);
    }
    res.redirect(302, target.href);
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const entry = this.codes.get(code);
    if (!entry) throw new InvalidGrantError("unknown authorization code");
    return entry.challenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<OAuthTokens> {
    const entry = this.codes.get(code);
    if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError("unknown authorization code");
    this.codes.delete(code);
    this.stats.codeExchanges++;
    return this.issue(client.client_id, entry.scopes);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError("the refresh token was revoked");
    this.refresh.delete(refreshToken);
    this.stats.refreshes++;
    return this.issue(client.client_id, grant.scopes);
  }

  async verifyAccessToken(accessToken: string): Promise<AuthInfo> {
    const grant = this.access.get(accessToken);
    if (!grant) throw new InvalidTokenError("unknown or revoked token");
    if (grant.expiresAt <= Date.now() / 1000) throw new InvalidTokenError("the token has expired");
    return { token: accessToken, clientId: grant.clientId, scopes: grant.scopes, expiresAt: grant.expiresAt };
  }

  async revokeToken(_client: OAuthClientInformationFull, request: { token: string }): Promise<void> {
    this.stats.revocations++;
    this.access.delete(request.token);
    this.refresh.delete(request.token);
  }

  private issue(clientId: string, scopes: string[]): OAuthTokens {
    const accessToken = token();
    const refreshToken = token();
    this.access.set(accessToken, { clientId, scopes, expiresAt: Date.now() / 1000 + ACCESS_TTL_S });
    this.refresh.set(refreshToken, { clientId, scopes, expiresAt: Infinity });
    return { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TTL_S, refresh_token: refreshToken, scope: scopes.join(" ") };
  }
}

const token = () => randomBytes(16).toString("hex");
