import type { ResolvedConfig } from "../config/types.js";
import { messageOf } from "../errors.js";
import { remoteUrl } from "../introspect/url.js";
import { findRemoteServer } from "./servers.js";
import { entryFile, readEntry, removeEntry, type AuthEntry } from "./store.js";

export interface SignOutResult {
  server: string;
  /** Whether a token cache existed (and was removed). */
  removed: boolean;
  file: string;
  /** Tokens the authorization server revoked (RFC 7009); a problem if it could not. */
  revoked: number;
  problem?: string;
}

/**
 * Forgets a server's sign-in: asks the authorization server to revoke the tokens, when it
 * offers revocation, then deletes the cache file, whatever the server said.
 */
export async function signOut(config: ResolvedConfig, name: string, env: NodeJS.ProcessEnv = process.env): Promise<SignOutResult> {
  const server = findRemoteServer(config, name);
  const url = remoteUrl(server, env).href;
  const file = entryFile(env, url);
  const entry = readEntry(file, url);
  let revoked = 0;
  let problem: string | undefined;
  try {
    revoked = await revoke(entry);
  } catch (error) {
    problem = `the authorization server did not revoke the tokens: ${messageOf(error)}`;
  }
  return { server: name, removed: await removeEntry(file), file, revoked, ...(problem ? { problem } : {}) };
}

async function revoke(entry: AuthEntry): Promise<number> {
  const metadata = entry.discovery?.authorizationServerMetadata as { revocation_endpoint?: string } | undefined;
  const endpoint = metadata?.revocation_endpoint;
  const client = entry.client;
  if (!endpoint || !client || !entry.tokens) return 0;
  const tokens = [
    ["refresh_token", entry.tokens.refresh_token],
    ["access_token", entry.tokens.access_token],
  ].filter((pair): pair is [string, string] => typeof pair[1] === "string");
  for (const [hint, token] of tokens) {
    const body = new URLSearchParams({ token, token_type_hint: hint, client_id: client.client_id });
    if (client.client_secret) body.set("client_secret", client.client_secret);
    const response = await fetch(endpoint, { method: "POST", body, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${endpoint}`);
  }
  return tokens.length;
}
