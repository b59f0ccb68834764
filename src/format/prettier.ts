/**
 * prettier, loaded the fast way: its standalone build and the plugins generated files need, as
 * CommonJS through V8's code cache (`util/code-cache.ts`). prettier's Node entry is ES modules,
 * which Node 20 parses and compiles afresh in every process (about 90 ms of a cold generate's
 * main thread, the path it waits on while the compile check runs elsewhere). The standalone build
 * is the same formatter without the config-file and plugin search, which codemode does not use:
 * its options are fixed (`options.ts`).
 */
import { createRequire } from "node:module";
import type { Plugin } from "prettier";
import { requireWithCodeCache, saveCodeCaches } from "../util/code-cache.js";
import { FORMAT_OPTIONS } from "./options.js";

type Standalone = typeof import("prettier/standalone");

const PLUGINS = {
  typescript: ["prettier/plugins/typescript", "prettier/plugins/estree"],
  babel: ["prettier/plugins/babel", "prettier/plugins/estree"],
} as const;

const modules = new Map<string, unknown>();

/** A prettier file through the code cache; by plain `require` if that cannot load it. */
function load(specifier: string): unknown {
  let loaded = modules.get(specifier);
  if (loaded === undefined) {
    try {
      loaded = requireWithCodeCache(specifier, import.meta.url);
    } catch {
      loaded = createRequire(import.meta.url)(specifier);
    }
    modules.set(specifier, loaded);
  }
  return loaded;
}

/** `code` as prettier prints it with codemode's options. */
export async function formatCode(code: string, parser: keyof typeof PLUGINS): Promise<string> {
  const prettier = load("prettier/standalone") as Standalone;
  const plugins = PLUGINS[parser].map(load) as Plugin[];
  const formatted = await prettier.format(code, { ...FORMAT_OPTIONS, parser, plugins });
  // Once per file, the first time: the caches then hold what formatting compiled too.
  saveCodeCaches();
  return formatted;
}
