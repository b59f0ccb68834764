import type { ResolvedConfig } from "../config/types.js";
import { CodemodeError } from "../errors.js";
import { remoteUrl } from "../introspect/url.js";
import { entryFile, readEntry } from "./store.js";
import { sendsAuthorization } from "./servers.js";
import type { RemoteServer } from "./stored.js";

/** How one remote server authenticates, for `codemode auth` without a name. */
export interface AuthStatus {
  server: string;
  url: string;
  /** `header`: the config sends its own Authorization header; `unknown-url`: its URL needs an unset variable. */
  state: "signed-in" | "signed-out" | "header" | "unknown-url";
  /** When the access token expires (ms since the epoch), if the server said. */
  expiresAt?: number;
  /** Whether an expired access token can be refreshed without the browser. */
  refreshable?: boolean;
  file?: string;
}

export function authStatus(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): AuthStatus[] {
  const statuses: AuthStatus[] = [];
  for (const server of config.servers) if (server.kind === "remote") statuses.push(statusOf(server, env));
  return statuses;
}

function statusOf(server: RemoteServer, env: NodeJS.ProcessEnv): AuthStatus {
  const about = { server: server.name, url: server.url };
  if (sendsAuthorization(server)) return { ...about, state: "header" };
  let url: string;
  try {
    url = remoteUrl(server, env).href;
  } catch (error) {
    if (error instanceof CodemodeError) return { ...about, state: "unknown-url" };
    throw error;
  }
  const file = entryFile(env, url);
  const { tokens, savedAt } = readEntry(file, url);
  if (!tokens) return { server: server.name, url, state: "signed-out" };
  const expiresAt = tokens.expires_in !== undefined && savedAt !== undefined ? savedAt + tokens.expires_in * 1000 : undefined;
  return { server: server.name, url, state: "signed-in", file, refreshable: Boolean(tokens.refresh_token), ...(expiresAt ? { expiresAt } : {}) };
}
