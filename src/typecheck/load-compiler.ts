import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import vm from "node:vm";

type Common = typeof import("@ts-morph/common");

interface Loaded {
  file: string;
  script: vm.Script;
  cacheFile: string | undefined;
  /** Whether the cache on disk was missing or refused: then it is written after warm-up. */
  stale: boolean;
}

const require = createRequire(import.meta.url);

/**
 * Loads `@ts-morph/common` and the TypeScript it bundles (12 MB of JavaScript) with V8 code
 * caches, so a fresh process does not parse and compile them again: the type checker's start is
 * on the path of every `codemode run` and `codemode check`. The caches live in
 * `node_modules/.cache/codemode/`, beside the files they were made from (never in a shared
 * temporary folder: a code cache is code). V8 refuses a cache made from other source or by
 * another V8, and then the files compile as usual. `save()` writes the caches once warm-up has
 * compiled the functions a check needs, so they are in the cache too.
 */
export function loadCompiler(cacheDir?: string): { common: Common; fromCache: boolean; save(): void } {
  const commonFile = require.resolve("@ts-morph/common");
  const loaded = [path.join(path.dirname(commonFile), "typescript.js"), commonFile].map((file) => load(file, cacheDir));
  return {
    common: require(commonFile) as Common,
    /** Whether V8 took every cache: nothing was compiled from source. */
    fromCache: loaded.every((entry) => !entry.stale),
    save() {
      for (const entry of loaded) if (entry.stale && entry.cacheFile) writeCache(entry.cacheFile, entry.script);
    },
  };
}

/** Compiles a CommonJS file with its code cache and registers it, so `require` of it returns this copy. */
function load(file: string, cacheDir: string | undefined): Loaded {
  const cacheFile = cacheFileFor(file, cacheDir);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  require.cache[file] = module;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  try {
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  return { file, script, cacheFile, stale };
}

/** `<dir>/<name>-<hash>.v8`, keyed by the file and this Node; `dir` is `.cache/codemode` in the nearest `node_modules` above `file`. */
function cacheFileFor(file: string, cacheDir: string | undefined): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  const dir = cacheDir ?? (at < 0 ? undefined : path.join(parts.slice(0, at + 1).join(path.sep), ".cache", "codemode"));
  if (dir === undefined) return undefined;
  try {
    const { size, mtimeMs } = statSync(file);
    const key = createHash("sha256").update(`${file}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`).digest("hex").slice(0, 16);
    return path.join(dir, `${path.basename(file, ".js")}-${key}.v8`);
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (another process may be reading it); a read-only install just goes without. */
function writeCache(cacheFile: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // no cache: the next start compiles as this one did
  }
}
