/**
 * Agent code's typings, kept in codemode's cache folder between processes. A checked run waits
 * for its checker, and the checker for these typings: emitting them cost a fresh process the
 * emitter's modules and the emit itself (about 55 ms), for the same text each time the
 * listings are the same. The key covers the listings as the runtime holds them (after the
 * policy) and the emitter's own files (their sizes and times), so another snapshot, policy or
 * codemode build makes another entry, and a stale one is never read.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerListing } from "../snapshot/types.js";
import { cacheDirFor, cacheKey, writeCacheFile } from "../util/cache.js";
import { TYPESCRIPT_FILE } from "../util/typescript-file.js";

let stamp: string | undefined;

/**
 * The emitter's files (its folder, and the canonical key order it prints schemas in), by size
 * and time: a rebuilt or patched emitter names other entries.
 */
function emitterStamp(): string {
  if (stamp !== undefined) return stamp;
  const self = fileURLToPath(import.meta.url);
  const emitDir = path.resolve(self, "../../emit");
  const files = readdirSync(emitDir, { recursive: true }).map((file) => path.join(emitDir, String(file)));
  files.push(path.resolve(self, `../../snapshot/canonical${path.extname(self)}`));
  const parts: string[] = [];
  for (const file of files.sort()) {
    const stats = statSync(file);
    if (stats.isFile()) parts.push(`${file}:${stats.size}:${stats.mtimeMs}`);
  }
  return (stamp = parts.join("\n"));
}

/** The cache file for these listings, or undefined where there is no cache folder (codemode outside any node_modules). */
export function agentTypingsCacheFile(listings: ServerListing[]): string | undefined {
  const dir = cacheDirFor(TYPESCRIPT_FILE);
  if (!dir) return undefined;
  const key = cacheKey([emitterStamp(), JSON.stringify(listings.map((listing) => [listing.name, listing.snapshot]))]);
  return path.join(dir, `agent-typings-${key}.d.ts`);
}

/** The typings of `listings` from the cache, or made by `emit` (and cached for the next process). */
export async function agentTypings(listings: ServerListing[], emit: () => Promise<string>): Promise<string> {
  let file: string | undefined;
  try {
    file = agentTypingsCacheFile(listings);
    if (file) return readFileSync(file, "utf8");
  } catch {
    // not cached yet, or the emitter cannot be stamped: emitted below
  }
  const typings = await emit();
  if (file) writeCacheFile(file, typings);
  return typings;
}
