/**
 * TypeScript for the two checks that run it (the compile check of generated typings, the type
 * check of agent code), loaded the fast way. The compiler is `@ts-morph/common`'s bundled copy,
 * required directly (its wrapper holds the text of all 108 lib files, 3 MB, and costs a fresh
 * thread about 30 ms to load). The libs both checks use, the ES2022 set and what it references,
 * are kept as one small JSON file in codemode's cache folder; only a process that finds none
 * loads the wrapper, once, to write it. A check takes its libs as one file ({@link libBundle}):
 * TypeScript spends per file on paths, sorting and bookkeeping, about 15% of a fresh check.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as Common from "@ts-morph/common";
import { cacheDirFor, cacheKey, writeCacheFile } from "./cache.js";
import { requireWithCodeCache } from "./code-cache.js";
import { bundleLibs, reachableLibs } from "./lib-set.js";
import { TS_MORPH_COMMON, TYPESCRIPT_FILE } from "./typescript-file.js";

export { reachableLibs };

export type TypeScript = typeof Common.ts;

const require = createRequire(import.meta.url);
/** The lib every check's options name, directly or through its references. */
const ROOT_LIB = "lib.es2022.d.ts";

/**
 * The bundled compiler, through V8's code cache (`code-cache.ts`): a fresh process or thread
 * then neither parses nor compiles its 9 MB. Whoever runs a first check calls `saveCodeCaches`
 * after it, so the cache holds what a check compiles.
 */
export function loadTypeScript(): TypeScript {
  try {
    return requireWithCodeCache(TYPESCRIPT_FILE, import.meta.url) as TypeScript;
  } catch {
    return require(TYPESCRIPT_FILE) as TypeScript;
  }
}

let libs: Map<string, string> | undefined;

const bundles = new Map<string, string>();

/**
 * One file holding the `roots` libs and every lib they reference, less the `without` ones, and
 * without the references: lib files are global scripts, so together in one file they declare the
 * same as apart.
 */
export function libBundle(roots: string[], without: string[] = []): string {
  const key = `${roots.join("\n")}\0${without.join("\n")}`;
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    libs ??= new Map(Object.entries(cachedLibs()));
    bundle = bundleLibs(libs, roots, without);
    bundles.set(key, bundle);
  }
  return bundle;
}

/** The ES2022 set from the cache; on a miss, from the wrapper, written to the cache for the next process. */
export function cachedLibs(): Record<string, string> {
  const file = libCacheFile();
  if (file) {
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
      if (parsed && typeof parsed === "object" && typeof (parsed as Record<string, unknown>)[ROOT_LIB] === "string") return parsed as Record<string, string>;
    } catch {
      // missing or damaged: made again below
    }
  }
  const all = new Map((require(TS_MORPH_COMMON) as typeof Common).getLibFiles().map((lib) => [lib.fileName, lib.text]));
  const set = reachableLibs(all, ROOT_LIB);
  if (file) writeCacheFile(file, JSON.stringify(set));
  return set;
}

/** `<cache dir>/ts-libs-<key>.json`, keyed by the wrapper's file (its size and time) and the root lib; undefined outside node_modules. */
export function libCacheFile(): string | undefined {
  const dir = cacheDirFor(TS_MORPH_COMMON);
  if (!dir) return undefined;
  try {
    const { size, mtimeMs } = statSync(TS_MORPH_COMMON);
    return path.join(dir, `ts-libs-${cacheKey([TS_MORPH_COMMON, String(size), String(mtimeMs), ROOT_LIB])}.json`);
  } catch {
    return undefined;
  }
}
