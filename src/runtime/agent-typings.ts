/**
 * Agent code's typings, kept in codemode's cache folder between processes. A checked run waits
 * for its checker, and the checker for these typings: emitting them cost a fresh process the
 * emitter's modules and the emit itself (about 55 ms), for the same text each time the
 * listings are the same. An entry is named by the listings as the runtime holds them (after the
 * policy), the codemode version and the text of the emitter's own files, so another snapshot,
 * policy or emitter names another entry; an entry starts with its body's hash, and one that does
 * not match (cut short, emptied) is emitted and written again. Each new entry removes those
 * written more than {@link MAX_AGE_DAYS} days before: a project whose snapshots change does not
 * grow the folder for ever, and an entry still in use costs one emit to write again.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerListing } from "../snapshot/types.js";
import { cacheDirFor, writeCacheFile } from "../util/cache.js";
import { TYPESCRIPT_FILE } from "../util/typescript-file.js";
import { CODEMODE_VERSION } from "../version.js";

const HEADER = "// codemode agent typings, sha256 ";
const ENTRY_NAME = /^agent-typings-[0-9a-f]{64}\.d\.ts$/;
/** Entries older than this are removed when a new one is written. */
export const MAX_AGE_DAYS = 14;

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

let emitterHash: string | undefined;

/**
 * The emitter's code: its folder, the canonical key order it prints schemas in, and the view
 * that joins its output (`api-views`), by content (an install may keep a tarball's file times).
 */
function emitter(): string {
  if (emitterHash !== undefined) return emitterHash;
  const self = fileURLToPath(import.meta.url);
  const extension = path.extname(self);
  const files = codeFiles(path.resolve(self, "../../emit"), extension);
  files.push(path.resolve(self, `../../snapshot/canonical${extension}`), path.resolve(self, `../api-views${extension}`));
  const digest = createHash("sha256");
  for (const file of files.sort()) digest.update(`${path.basename(file)}\0`).update(readFileSync(file)).update("\0");
  return (emitterHash = digest.digest("hex"));
}

/** The code files under `dir`, by the walk's own file types (Node 20's recursive `readdirSync` took 3 ms here, over the maps too). */
function codeFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(file, extension);
    return entry.name.endsWith(extension) && !entry.name.endsWith(".d.ts") ? [file] : [];
  });
}

/** The cache file for these listings, or undefined where there is no cache folder (codemode outside any node_modules). */
export function agentTypingsCacheFile(listings: ServerListing[]): string | undefined {
  const dir = cacheDirFor(TYPESCRIPT_FILE);
  if (!dir) return undefined;
  const key = sha256([CODEMODE_VERSION, emitter(), JSON.stringify(listings.map((listing) => [listing.name, listing.snapshot]))].join("\n"));
  return path.join(dir, `agent-typings-${key}.d.ts`);
}

/** An entry's typings, or undefined when its header does not name its body's hash. */
function readEntry(file: string): string | undefined {
  const text = readFileSync(file, "utf8");
  const newline = text.indexOf("\n");
  if (!text.startsWith(HEADER) || newline < 0) return undefined;
  const body = text.slice(newline + 1);
  return text.slice(HEADER.length, newline) === sha256(body) ? body : undefined;
}

/** The typings of `listings` from the cache, or made by `emit` (and cached for the next process). */
export async function agentTypings(listings: ServerListing[], emit: () => Promise<string>): Promise<string> {
  let file: string | undefined;
  try {
    file = agentTypingsCacheFile(listings);
    const cached = file ? readEntry(file) : undefined;
    if (cached !== undefined) return cached;
  } catch {
    // not cached yet, or the emitter's files cannot be read: emitted below
  }
  const typings = await emit();
  if (file) {
    writeCacheFile(file, `${HEADER}${sha256(typings)}\n${typings}`);
    removeOldEntries(path.dirname(file));
  }
  return typings;
}

/** Removes the entries in `dir` written more than {@link MAX_AGE_DAYS} days ago; what cannot be listed or removed stays. */
function removeOldEntries(dir: string): void {
  const before = Date.now() - MAX_AGE_DAYS * 86_400_000;
  try {
    for (const name of readdirSync(dir)) {
      if (!ENTRY_NAME.test(name)) continue;
      const file = path.join(dir, name);
      try {
        if (statSync(file).mtimeMs < before) rmSync(file, { force: true });
      } catch {
        // removed meanwhile by another process
      }
    }
  } catch {
    // a folder this user may write but not list
  }
}
