import { randomBytes } from "node:crypto";
import type {
  OAuthClientInformationContext,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from "@modelcontextprotocol/client";
import { readEntry, registeredRedirects, writeEntry, type AuthEntry } from "./store.js";

/** How codemode is registered with an authorization server, from the server's `oauth` config. */
export interface OAuthSettings {
  /** A client registered by hand; without it codemode registers itself (dynamic registration). */
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

export interface ProviderOptions {
  file: string;
  entry: AuthEntry;
  redirectUrl: string;
  settings: OAuthSettings;
  /** Sends the user to the authorization server; the provider used by generate and run refuses. */
  redirect: (authorizationUrl: URL) => void | Promise<void>;
}

/**
 * The MCP client's OAuth provider, backed by one token-cache file. The SDK drives the protocol
 * (discovery, registration, PKCE, refresh); this keeps what it hands over, writing every change
 * through so a refreshed token survives the process.
 */
export class CachedOAuthProvider implements OAuthClientProvider {
  private verifier: string | undefined;
  private writes: Promise<void> = Promise.resolve();
  /** The `state` sent with the last authorization request, to check the callback against. */
  lastState: string | undefined;

  constructor(private readonly options: ProviderOptions) {}

  get redirectUrl(): string {
    return this.options.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    const { clientSecret, scope } = this.options.settings;
    return {
      client_name: "codemode",
      redirect_uris: [this.options.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: clientSecret ? "client_secret_post" : "none",
      ...(scope ? { scope } : {}),
    };
  }

  state(): string {
    this.lastState = randomBytes(16).toString("base64url");
    return this.lastState;
  }

  clientInformation(context?: OAuthClientInformationContext): StoredOAuthClientInformation | undefined {
    const { clientId, clientSecret } = this.options.settings;
    // A client from the config belongs to whichever authorization server the config points at.
    if (clientId) return { client_id: clientId, ...(clientSecret ? { client_secret: clientSecret } : {}), ...(context ? { issuer: context.issuer } : {}) };
    // A registration made for another callback port cannot be used with this one.
    const registered = registeredRedirects(this.options.entry);
    return registered && !registered.includes(this.options.redirectUrl) ? undefined : this.options.entry.client;
  }

  saveClientInformation(client: StoredOAuthClientInformation): Promise<void> {
    // A client from the config stays there (with its secret), not in the cache.
    return this.options.settings.clientId ? Promise.resolve() : this.update({ client });
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.options.entry.tokens;
  }

  saveTokens(tokens: StoredOAuthTokens): Promise<void> {
    return this.update({ tokens, savedAt: Date.now() });
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    await this.options.redirect(authorizationUrl);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error("no PKCE code verifier: the sign-in was not started by this process");
    return this.verifier;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.options.entry.discovery;
  }

  saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    return this.update({ discovery });
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): Promise<void> {
    if (scope === "verifier") {
      this.verifier = undefined;
      return Promise.resolve();
    }
    const cleared: Partial<AuthEntry> = {};
    if (scope === "all" || scope === "client") cleared.client = undefined;
    if (scope === "all" || scope === "tokens") Object.assign(cleared, { tokens: undefined, savedAt: undefined });
    if (scope === "all" || scope === "discovery") cleared.discovery = undefined;
    return this.update(cleared);
  }

  /**
   * Takes the tokens from the cache file when another process (another codemode run, or a new
   * `codemode auth`) saved newer ones. True when it did: they are worth trying before a refresh,
   * which would spend a refresh token the other process may already have rotated.
   */
  adoptNewerTokens(): boolean {
    const onDisk = readEntry(this.options.file, this.options.entry.url);
    if (!onDisk.tokens || onDisk.tokens.access_token === this.options.entry.tokens?.access_token) return false;
    Object.assign(this.options.entry, { tokens: onDisk.tokens, savedAt: onDisk.savedAt });
    return true;
  }

  /**
   * Changes the entry and queues a write of just that change onto what the file holds, in order:
   * what another process saved meanwhile stays, and a sign-in that fails halfway keeps the
   * tokens that still work.
   */
  private update(change: Partial<AuthEntry>): Promise<void> {
    Object.assign(this.options.entry, change);
    const { file, entry } = this.options;
    this.writes = this.writes.catch(() => {}).then(() => writeEntry(file, { ...readEntry(file, entry.url), ...change }));
    return this.writes;
  }
}
