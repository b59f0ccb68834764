/**
 * codemode's cache folder, `node_modules/.cache/codemode/` (beside jiti's), for what a run can
 * keep for the next one: TypeScript's compiled code, the bundled shim. Everything in it is
 * rebuilt when missing or damaged, and written whole or not at all.
 */
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";

export { cacheDirFor } from "./cache-dir.js";

/** A short hash naming a cache entry: any change in `parts` gives another name. */
export function cacheKey(parts: string[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(`${part.length}:`).update(part);
  return digest.digest("hex").slice(0, 16);
}

/** Writes `file` whole (a rename from a temporary file), or not at all: a read-only install just does not cache. */
export function writeCacheFile(file: string, data: string | Uint8Array): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Named by process and thread: the compile check's thread and the checker's may write the same file at once.
    const temporary = `${file}.${process.pid}-${threadId}.tmp`;
    try {
      writeFileSync(temporary, data);
      renameSync(temporary, file);
    } catch (error) {
      // A disk that filled up, or a folder where the file goes: nothing half-written stays.
      rmSync(temporary, { force: true });
      throw error;
    }
  } catch {
    // Not cached; the next run makes it again.
  }
}
