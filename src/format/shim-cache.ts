/**
 * The bundled shim, kept in codemode's cache folder between runs: bundling it (esbuild) and
 * formatting it (prettier's JavaScript printer) was a fifth of a cold generate's main thread.
 * The entry is named by everything the shim is made from: its sources, the esbuild and
 * prettier versions, the format options and codemode's version.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bundleShim } from "../emit/shim.js";
import { cacheDirFor, cacheKey, writeCacheFile } from "../util/cache.js";
import { CODEMODE_VERSION } from "../version.js";
import { FORMAT_OPTIONS } from "./options.js";
import { SHIM_SOURCES } from "./reuse.js";

let cached: Promise<string> | undefined;

/** {@link bundleShim}, from the cache when an entry for the same inputs is there (once per process). */
export function cachedShim(): Promise<string> {
  cached ??= fromCache();
  return cached;
}

async function fromCache(): Promise<string> {
  const file = await cacheFile().catch(() => undefined);
  if (file) {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined) return text;
  }
  const shim = await bundleShim();
  if (file) writeCacheFile(file, shim);
  return shim;
}

async function cacheFile(): Promise<string | undefined> {
  const require = createRequire(import.meta.url);
  const esbuild = require.resolve("esbuild/package.json");
  const dir = cacheDirFor(esbuild);
  if (!dir) return undefined;
  const inputs = await Promise.all([...SHIM_SOURCES, esbuild, require.resolve("prettier/package.json")].map((file) => readFile(file, "utf8")));
  return path.join(dir, `shim-${cacheKey([...inputs, JSON.stringify(FORMAT_OPTIONS), CODEMODE_VERSION])}.js`);
}
