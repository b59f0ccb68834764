import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { OAuthDiscoveryState, StoredOAuthClientInformation, StoredOAuthTokens } from "@modelcontextprotocol/client";
import { CodemodeError } from "../errors.js";

/** What a sign-in leaves behind for one server URL. */
export interface AuthEntry {
  /** The MCP server URL the entry belongs to. */
  url: string;
  /** The registration of codemode with the authorization server. */
  client?: StoredOAuthClientInformation;
  tokens?: StoredOAuthTokens;
  /** When `tokens` were saved (ms since the epoch), so `expires_in` means something later. */
  savedAt?: number;
  discovery?: OAuthDiscoveryState;
}

/** The redirect URIs codemode registered with, when the registration says. */
export function registeredRedirects(entry: AuthEntry): string[] | undefined {
  const client = entry.client;
  return client && "redirect_uris" in client && Array.isArray(client.redirect_uris) ? (client.redirect_uris as string[]) : undefined;
}

/**
 * Where tokens are cached: `CODEMODE_AUTH_DIR`, else the user's cache folder. Never inside a
 * project, so tokens are not committed with the generated packages.
 */
export function authDir(env: NodeJS.ProcessEnv): string {
  if (env.CODEMODE_AUTH_DIR) return path.resolve(env.CODEMODE_AUTH_DIR);
  if (process.platform === "win32" && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, "codemode", "auth");
  const cache = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache");
  return path.join(cache, "codemode", "auth");
}

/** One file per server URL, so every project that uses a server shares its sign-in. */
export function entryFile(env: NodeJS.ProcessEnv, url: string): string {
  return path.join(authDir(env), `${createHash("sha256").update(url).digest("hex").slice(0, 24)}.json`);
}

/** The entry for `url`, or an empty one. Sync: transports are built synchronously. */
export function readEntry(file: string, url: string): AuthEntry {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { url };
    throw error;
  }
  try {
    const entry = JSON.parse(text) as AuthEntry;
    return entry.url === url ? entry : { url };
  } catch {
    throw new CodemodeError("AUTH_REQUIRED", `the token cache ${file} is not valid JSON`, { hint: `delete it and sign in again` });
  }
}

/** Writes the entry readable by its owner only (folder 0700, file 0600), atomically. */
export async function writeEntry(file: string, entry: AuthEntry): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const staged = `${file}.${process.pid}.tmp`;
  await writeFile(staged, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
  await chmod(staged, 0o600);
  await rename(staged, file);
}

export async function removeEntry(file: string): Promise<boolean> {
  const existed = existsSync(file);
  await rm(file, { force: true });
  return existed;
}
