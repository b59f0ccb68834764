/**
 * Loads CommonJS files through a V8 code cache, so a fresh process does not parse and compile
 * them again: TypeScript (`@ts-morph/common`'s bundled compiler, 9 MB of JavaScript) in the
 * compile check's and the type checker's threads (where their snapshot process cannot run, see
 * `typecheck/snapshot-file.ts`) and in `codemode check`; and prettier's standalone build, which
 * a generate that formats waits on (`format/prettier.ts`). The cache lives beside jiti's, in
 * `node_modules/.cache/codemode/` (never a shared temporary folder: a code cache is code),
 * written after a first use (so it holds the functions a check or a format compiled). V8 rejects a
 * cache that does not match the source or the engine; then, or when the folder cannot be
 * written, the module loads as `require` would load it.
 */
import { isAscii } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";
import { cacheDirFor, cacheKey, writeCacheFile } from "./cache.js";

interface Loaded {
  script: Script;
  cacheFile: string;
  /** Whether V8 used the cache it was given; otherwise it is written again. */
  cached: boolean;
}

const loaded: Loaded[] = [];

/** `require(specifier)` from `from`, through the code cache: the module is entered in Node's CommonJS cache, so later `require`s get it. */
export function requireWithCodeCache(specifier: string, from: string): unknown {
  const file = createRequire(from).resolve(specifier);
  const existing = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache[file];
  if (existing?.loaded) return existing.exports;
  const cacheFile = cacheFileFor(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile ? readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }
  const source = sourceText(readFileSync(file));
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  (Module as unknown as { _cache: Record<string, Module> })._cache[file] = module;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  } catch (error) {
    delete (Module as unknown as { _cache: Record<string, Module> })._cache[file];
    throw error;
  }
  module.loaded = true;
  if (cacheFile) loaded.push({ script, cacheFile, cached: cachedData !== undefined && !script.cachedDataRejected });
  return module.exports;
}

/**
 * The file's text. TypeScript's 9 MB are ASCII: decoded as Latin-1, the same string, made in a
 * few milliseconds (UTF-8 decoding took 15–60 ms of a fresh thread).
 */
function sourceText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
}

/** Writes the code caches V8 did not take (missing or stale), now holding what ran since. */
export function saveCodeCaches(): void {
  for (const entry of loaded) {
    if (entry.cached) continue;
    entry.cached = true;
    writeCacheFile(entry.cacheFile, entry.script.createCachedData());
  }
}

/** `<cache dir>/<name>-<key>.v8`, the key naming the file, its size and time, and Node; undefined outside node_modules. */
function cacheFileFor(file: string): string | undefined {
  const dir = cacheDirFor(file);
  if (!dir) return undefined;
  const { size, mtimeMs } = statSync(file);
  return path.join(dir, `${path.basename(file, ".js")}-${cacheKey([file, String(size), String(mtimeMs), process.version, process.arch])}.v8`);
}
