import path from "node:path";
import { cosmiconfig } from "cosmiconfig";
import { TypeScriptLoader } from "cosmiconfig-typescript-loader";
import { CodemodeError, messageOf } from "../errors.js";
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

/**
 * Loads and validates the config: `file` when given, else the first of `codemode.config.ts`,
 * `.js`, `.mjs`, `.json` or `package.json#codemode` in `cwd`.
 */
export async function loadConfig(options: { file?: string; cwd?: string } = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const explorer = cosmiconfig("codemode", {
    searchPlaces: SEARCH_PLACES,
    loaders: { ".ts": TypeScriptLoader(), ".mts": TypeScriptLoader() },
    cache: false,
  });
  let result;
  try {
    result = options.file ? await explorer.load(path.resolve(cwd, options.file)) : await explorer.search(cwd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === "ENOENT" ? "CONFIG_NOT_FOUND" : "CONFIG_INVALID";
    throw new CodemodeError(code, `could not load ${options.file ?? "the config"}: ${messageOf(error)}`, { cause: error });
  }
  if (!result || result.isEmpty) {
    throw new CodemodeError("CONFIG_NOT_FOUND", `no codemode config found in ${cwd}`, {
      hint: "create codemode.config.ts (see the README) or pass --config FILE",
    });
  }
  const where = path.relative(cwd, result.filepath) || result.filepath;
  return resolveConfig(unwrapDefault(result.config), result.filepath, path.dirname(result.filepath), where);
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
