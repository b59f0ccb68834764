import { createRequire } from "node:module";
import path from "node:path";
import type { Loader } from "cosmiconfig";
import { CodemodeError, messageOf } from "../errors.js";
import { importServers } from "./import.js";
import { configFolders } from "./search.js";
import type { CodemodeConfig, ResolvedConfig } from "./types.js";
import { resolveConfig } from "./validate.js";

const SEARCH_PLACES = [
  "codemode.config.ts",
  "codemode.config.mts",
  "codemode.config.js",
  "codemode.config.mjs",
  "codemode.config.json",
  "package.json",
];

// Both are CommonJS, so `require`d: an ES `import` makes Node scan their sources for export names
// first (about 60 ms of a command's start, with jiti).
const require = createRequire(import.meta.url);
const { cosmiconfig } = require("cosmiconfig") as typeof import("cosmiconfig");

let typeScriptLoader: Loader | undefined;

/** The TypeScript loader (jiti) is loaded and made only when a config is a `.ts`/`.mts` file. */
const loadTypeScript: Loader = async (file, content) => {
  typeScriptLoader ??= (require("cosmiconfig-typescript-loader") as typeof import("cosmiconfig-typescript-loader")).TypeScriptLoader();
  return typeScriptLoader(file, content);
};

/**
 * Loads and validates the config: `file` when given, else the first of `codemode.config.ts`,
 * `.js`, `.mjs`, `.json` or `package.json#codemode` in `cwd` or a folder above it, up to the
 * project's root (see `configFolders`).
 */
export async function loadConfig(options: { file?: string; cwd?: string; from?: string[] } = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const explorer = cosmiconfig("codemode", {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: "none",
    loaders: { ".ts": loadTypeScript, ".mts": loadTypeScript },
    cache: false,
  });
  let result;
  try {
    if (options.file) result = await explorer.load(path.resolve(cwd, options.file));
    else for (const folder of configFolders(cwd)) if ((result = await explorer.search(folder))) break;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === "ENOENT" ? "CONFIG_NOT_FOUND" : "CONFIG_INVALID";
    throw new CodemodeError(code, `could not load ${options.file ?? "the config"}: ${messageOf(error)}`, { cause: error });
  }
  const from = (options.from ?? []).map((file) => path.resolve(cwd, file));
  if (!result || result.isEmpty) {
    // `--from .cursor/mcp.json` alone is a whole config.
    if (from.length > 0) {
      const { config, files } = await withImports({ servers: {} }, cwd, from, cwd);
      return { ...resolveConfig(config, undefined, cwd, from.join(", ")), imports: files };
    }
    throw new CodemodeError("CONFIG_NOT_FOUND", `no codemode config found in ${cwd} or the folders above it, up to the project's package.json`, {
      hint: "run `codemode init` to create one (it imports .mcp.json and other MCP client configs), or pass --config FILE or --from .mcp.json",
    });
  }
  const where = path.relative(cwd, result.filepath) || result.filepath;
  const rootDir = path.dirname(result.filepath);
  const { config, files } = await withImports(unwrapDefault(result.config), rootDir, from, cwd);
  return { ...resolveConfig(config, result.filepath, rootDir, where), imports: files };
}

/**
 * Adds the servers of the config's `import` files (relative to the config) and of `--from`
 * files to its own; a server the config names itself wins. Problems are reported together.
 */
async function withImports(raw: unknown, rootDir: string, from: string[], cwd: string): Promise<{ config: unknown; files: string[] }> {
  if (!raw || typeof raw !== "object") return { config: raw, files: [] };
  const config = raw as { import?: unknown; servers?: unknown };
  const listed = Array.isArray(config.import) ? config.import.filter((file): file is string => typeof file === "string").map((file) => path.resolve(rootDir, file)) : [];
  const files = [...listed, ...from];
  if (files.length === 0) return { config: raw, files };
  const imported: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const file of files) {
    const result = await importServers(file, path.relative(cwd, file) || file);
    problems.push(...result.problems);
    for (const [name, server] of Object.entries(result.servers)) imported[name] ??= server;
  }
  if (problems.length > 0) throw new CodemodeError("CONFIG_INVALID", `${problems.length} imported server${problems.length === 1 ? "" : "s"} cannot be used`, { problems });
  const own = config.servers && typeof config.servers === "object" ? (config.servers as Record<string, unknown>) : {};
  return { config: { ...config, servers: { ...imported, ...own } }, files };
}

/** Validates a config given in memory, resolving relative paths against `cwd`. */
export function configFromObject(config: CodemodeConfig, cwd = process.cwd()): ResolvedConfig {
  return resolveConfig(config, undefined, cwd);
}

/** ES module configs may arrive as `{ default: config }`, depending on the loader. */
function unwrapDefault(value: unknown): unknown {
  if (value && typeof value === "object" && "default" in value && !("servers" in value)) {
    return (value as { default: unknown }).default;
  }
  return value;
}
