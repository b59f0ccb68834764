import type { Policy } from "../policy/policy.js";

/** A server started as a child process that speaks MCP over stdio. */
export interface StdioServerConfig {
  command: string;
  args?: string[];
  /** Environment for the child; values may use `${VAR}`. Only a few variables are inherited. */
  env?: Record<string, string>;
  /** Working directory, relative to the config file. @default the config file's folder */
  cwd?: string;
  /** Per-server introspection timeout in ms. @default the top-level `timeoutMs` */
  timeoutMs?: number;
}

/** A server reached over Streamable HTTP (falling back to SSE) or SSE. */
export interface RemoteServerConfig {
  url: string;
  /** Request headers; values may use `${VAR}`, so tokens stay in the environment. */
  headers?: Record<string, string>;
  /** @default "http", which falls back to SSE when the server only speaks that */
  transport?: "http" | "sse";
  timeoutMs?: number;
  /**
   * OAuth sign-in (`codemode auth NAME`) settings, for authorization servers that do not let
   * codemode register itself. Values may use `${VAR}`.
   */
  oauth?: {
    /** A client registered by hand with the authorization server. */
    clientId?: string;
    clientSecret?: string;
    /** Scopes to ask for. @default what the server advertises */
    scope?: string;
    /** Fixed port for the 127.0.0.1 callback, when the registration names one. @default any free port */
    callbackPort?: number;
  };
}

/** A committed `tools/list`-shaped JSON file: no server is started. */
export interface SnapshotServerConfig {
  /** Path relative to the config file. */
  snapshot: string;
}

export type ServerConfig = StdioServerConfig | RemoteServerConfig | SnapshotServerConfig;

/** What users write in `codemode.config.ts`. Every field but `servers` is optional. */
export interface CodemodeConfig {
  /** Where the packages go, relative to the config file. @default "generated" */
  outDir?: string;
  /** npm scope of the generated packages. @default "@codemode" */
  scope?: string;
  /** Introspection timeout per server in ms. @default 30000 */
  timeoutMs?: number;
  /** The MCP servers, keyed by the name their namespace and package take. */
  servers: Record<string, ServerConfig>;
  /**
   * Other MCP clients' server lists to add, relative to this file: `mcpServers` files (Claude
   * Desktop, Claude Code `.mcp.json`, Cursor `.cursor/mcp.json`, Windsurf) and VS Code's
   * `.vscode/mcp.json`. A server named in `servers` wins over an imported one.
   */
  import?: string[];
  hooks?: {
    /** Shell commands run in the config's folder after files were written, in order. */
    afterWrite?: string[];
  };
  /**
   * What agent code may call, by server name (`"*"` for every server): `allow`, `deny` and
   * `approve` lists of globs on MCP tool names, or `destructive`, `openWorld`, `write`.
   * Denied tools vanish from the typings and are refused by the host; approved ones wait for a yes.
   */
  policy?: Policy;
  /** Where agent code runs: "node" (a Node process per run) or "workerd" (needs `npm install workerd`). @default "node" */
  executor?: "node" | "workerd";
}

/** One server after validation: its kind decided, paths absolute, secrets not yet expanded. */
export type ResolvedServer =
  | ({ name: string; kind: "stdio"; timeoutMs: number } & Omit<StdioServerConfig, "timeoutMs">)
  | ({ name: string; kind: "remote"; timeoutMs: number } & Omit<RemoteServerConfig, "timeoutMs">)
  | { name: string; kind: "snapshot"; snapshot: string };

/** The config every stage works from. */
export interface ResolvedConfig {
  /** The config file, or undefined when the config was passed in memory. */
  file: string | undefined;
  /** Folder relative paths are resolved against. */
  rootDir: string;
  outDir: string;
  scope: string;
  timeoutMs: number;
  /** Sorted by name, so every stage sees the same order. */
  servers: ResolvedServer[];
  hooks: { afterWrite: string[] };
  /** The other MCP clients' configs the servers were imported from (absolute), for `--watch`. */
  imports: string[];
  policy: Policy;
  /** Where agent code runs, when the config names it. */
  executor?: "node" | "workerd";
}

/** Identity helper that types a config file. */
export function defineConfig(config: CodemodeConfig): CodemodeConfig {
  return config;
}

export const DEFAULT_OUT_DIR = "generated";
export const DEFAULT_SCOPE = "@codemode";
export const DEFAULT_TIMEOUT_MS = 30_000;
