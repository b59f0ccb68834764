/**
 * What the CLI's subcommands share: exit codes, parsed flags, and the config the flags name.
 * Kept apart from `main.ts`, which imports every subcommand.
 */
import path from "node:path";
import { loadConfig } from "../config/load.js";
import type { ResolvedConfig } from "../config/types.js";
import type { CliIo } from "./io.js";

/** Exit codes: 0 ok, 1 stale output or failed agent code, 2 usage, config or connection error. */
export type ExitCode = 0 | 1 | 2;

export interface CommonFlags {
  config?: string;
  from?: string[];
  out?: string;
  server?: string[];
}
export interface GenerateFlags extends CommonFlags {
  watch?: boolean;
  offline?: boolean;
  check?: boolean;
  silent?: boolean;
}
export interface PromptFlags extends CommonFlags {
  live?: boolean;
  tool?: string[];
  digest?: boolean;
  search?: string;
  "max-tokens"?: string;
}
export type DiffFlags = CommonFlags;
export interface InitFlags {
  from?: string[];
  out?: string;
  force?: boolean;
  yes?: boolean;
}
export interface AuthFlags {
  config?: string;
  from?: string[];
  logout?: boolean;
  "no-browser"?: boolean;
  timeout?: string;
}
export interface ServeFlags {
  config?: string;
  from?: string[];
  out?: string;
  http?: string;
  token?: string;
  "max-api-tokens"?: string;
  executor?: string;
}
export interface CheckFlags {
  config?: string;
  from?: string[];
  out?: string;
}
export interface RunFlags {
  config?: string;
  from?: string[];
  out?: string;
  executor?: string;
  timeout?: string;
  memory?: string;
  json?: boolean;
  "no-typecheck"?: boolean;
}

/** Loads the config named by `-c` (or found in the working folder) and applies `-o`. */
export async function configFor(flags: { config?: string; out?: string; from?: string[] }, io: CliIo): Promise<ResolvedConfig> {
  const config = await loadConfig({ cwd: io.cwd, ...(flags.config ? { file: flags.config } : {}), ...(flags.from ? { from: flags.from } : {}) });
  return flags.out ? { ...config, outDir: path.resolve(io.cwd, flags.out) } : config;
}
