import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Client } from "@modelcontextprotocol/client";
import { configFromObject, loadConfig } from "../config/load.js";
import type { CodemodeConfig, ResolvedConfig } from "../config/types.js";
import { emitServerApi, namespaceNames } from "../emit/server.js";
import { withConnection } from "../introspect/connect.js";
import type { LiveServer } from "../introspect/transport.js";
import { readSnapshotFile } from "../snapshot/read.js";
import type { ServerListing } from "../snapshot/types.js";
import { agentError, type AgentError, type VisibleApi } from "./agent-error.js";
import { Dispatcher, type CallRecord } from "./dispatcher.js";
import { LOG_LEVELS, type LogLevel, type Outcome, type RunLimits } from "./messages.js";
import { SandboxProcess } from "./sandbox-process.js";
import { AgentSyntaxError, prepareAgentCode } from "./transform.js";
import { ArgumentValidator } from "./validate-args.js";

export interface RuntimeOptions {
  /** The config, in memory or as a file; by default `codemode.config.*` in `cwd`. */
  config?: CodemodeConfig | ResolvedConfig;
  configFile?: string;
  cwd?: string;
  /** Where the generated packages are. @default the config's outDir */
  outDir?: string;
  /** MCP clients the caller already holds, by server name; other servers are connected on first use. */
  clients?: Record<string, Client>;
  /** Environment for `${VAR}`s in server entries. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Defaults for every run. */
  defaults?: RunOptions;
}

export interface RunOptions {
  /** Wall-clock limit; the sandbox is stopped when it passes. @default 30000 */
  timeoutMs?: number;
  /** Heap limit of the sandbox. @default 128 */
  memoryMb?: number;
  /** @default 200 */
  maxToolCalls?: number;
  /** @default 16 */
  maxConcurrentCalls?: number;
  /** @default 1 MiB */
  maxArgumentBytes?: number;
  /** For each tool result and for the returned value. @default 4 MiB */
  maxResultBytes?: number;
  /** Console output kept. @default 64 KiB */
  maxLogBytes?: number;
}

export interface LogEntry {
  level: LogLevel;
  text: string;
}

/** What running agent code gave. */
export interface RunResult {
  ok: boolean;
  /** The returned value (JSON), when ok. */
  result?: unknown;
  logs: LogEntry[];
  error?: AgentError;
  calls: CallRecord[];
  durationMs: number;
}

export interface Runtime {
  run(code: string, options?: RunOptions): Promise<RunResult>;
  /** Ends the sandbox and every MCP client the runtime started. */
  close(): Promise<void>;
  /** The sandbox process's pid, once started: for diagnostics and benchmarks. */
  readonly sandboxPid: number | undefined;
}

const DEFAULTS: Required<RunOptions> = {
  timeoutMs: 30_000,
  memoryMb: 128,
  maxToolCalls: 200,
  maxConcurrentCalls: 16,
  maxArgumentBytes: 2 ** 20,
  maxResultBytes: 4 * 2 ** 20,
  maxLogBytes: 64 * 2 ** 10,
};

/**
 * Creates a runtime for the configured servers: loads their generated packages, and runs agent
 * code in a sandbox process that reaches the servers only through this host.
 */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = await resolve(options);
  const outDir = options.outDir ? path.resolve(options.cwd ?? process.cwd(), options.outDir) : config.outDir;
  const listings = new Map<string, ServerListing>();
  const shims: string[] = [];
  for (const server of config.servers) {
    listings.set(server.name, await readSnapshotFile(path.join(outDir, server.name, "snapshot.json"), server.name));
    shims.push(await readFile(path.join(outDir, server.name, "index.js"), "utf8"));
  }
  const api = visibleApi(config, listings);
  const defaults = { ...DEFAULTS, ...options.defaults };
  const sandbox = new SandboxProcess(defaults.memoryMb);
  const validator = new ArgumentValidator();
  const clients = new ClientPool(config, options.clients ?? {}, options.env ?? process.env);
  void sandbox.start().catch(() => {}); // warm up now; a failure surfaces on the first run

  return {
    async run(code, runOptions = {}) {
      const started = performance.now();
      const limits = { ...defaults, ...runOptions };
      const logs: LogEntry[] = [];
      let prepared;
      try {
        prepared = await prepareAgentCode(code);
      } catch (error) {
        if (!(error instanceof AgentSyntaxError)) throw error;
        const syntax: AgentError = { name: "SyntaxError", message: error.message, kind: "syntax", line: error.line, column: error.column, ...(error.hint ? { hint: error.hint } : {}) };
        return { ok: false, error: syntax, logs, calls: [], durationMs: performance.now() - started };
      }
      const dispatcher = new Dispatcher(listings, (name) => clients.get(name), validator, { ...limits, deadline: Date.now() + limits.timeoutMs });
      const runLimits: RunLimits = { timeoutMs: limits.timeoutMs, memoryMb: limits.memoryMb, maxToolCalls: limits.maxToolCalls, maxLogBytes: limits.maxLogBytes, maxResultBytes: limits.maxResultBytes };
      const outcomeText = await sandbox.run(prepared.js, shims, runLimits, {
        onCall: (request, respond) => void dispatcher.handle(request).then(respond),
        onLog: (level, text) => logs.push({ level: LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : "log", text }),
      });
      const outcome = parseOutcome(outcomeText);
      const durationMs = performance.now() - started;
      if (outcome.ok) {
        return { ok: true, result: outcome.result === undefined ? undefined : JSON.parse(outcome.result), logs, calls: dispatcher.calls, durationMs };
      }
      return { ok: false, error: agentError(outcome, prepared.lines, api), logs, calls: dispatcher.calls, durationMs };
    },
    async close() {
      await Promise.all([sandbox.close(), clients.close()]);
    },
    get sandboxPid() {
      return sandbox.pid;
    },
  };
}

/**
 * The outcome comes from inside the sandbox, where agent code could have replaced
 * `JSON.stringify`: it is checked, not trusted.
 */
function parseOutcome(text: string): Outcome {
  const bad: Outcome = { ok: false, error: { name: "Error", message: "the sandbox reported an outcome that is not valid", kind: "crash" } };
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.ok === true && (value.result === undefined || typeof value.result === "string")) {
      if (value.result !== undefined) JSON.parse(value.result as string);
      return { ok: true, result: value.result as string | undefined };
    }
    const error = value.error as Record<string, unknown> | undefined;
    const kinds = ["agent", "timeout", "memory", "limit", "crash"];
    if (value.ok === false && error && typeof error.name === "string" && typeof error.message === "string" && kinds.includes(error.kind as string)) {
      return { ok: false, error: { name: error.name, message: error.message, kind: error.kind as "agent", ...(typeof error.stack === "string" ? { stack: error.stack } : {}) } };
    }
  } catch {
    // fall through
  }
  return bad;
}

async function resolve(options: RuntimeOptions): Promise<ResolvedConfig> {
  if (options.config && "rootDir" in options.config) return options.config as ResolvedConfig;
  if (options.config) return configFromObject(options.config as CodemodeConfig, options.cwd);
  return loadConfig({ ...(options.configFile ? { file: options.configFile } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
}

/** The names agent code can call, for "did you mean" hints. */
function visibleApi(config: ResolvedConfig, listings: Map<string, ServerListing>): VisibleApi {
  const names = namespaceNames(config.servers.map((s) => s.name));
  const api: VisibleApi = new Map();
  for (const [server, namespace] of names) {
    // The same emitter that named the functions in the shim names them here.
    const { spec } = emitServerApi(listings.get(server)!, namespace);
    api.set(namespace, [
      ...spec.tools.map(([fn]) => fn),
      ...(spec.read ? ["resources.read"] : []),
      ...spec.templates.map(([fn]) => `resources.${fn}`),
      ...spec.prompts.map(([fn]) => `prompts.${fn}`),
    ]);
  }
  return api;
}

/** MCP clients by server: the caller's, or connected on first use and kept until close. */
class ClientPool {
  private readonly connecting = new Map<string, Promise<Client>>();

  constructor(
    private readonly config: ResolvedConfig,
    private readonly given: Record<string, Client>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get(name: string): Promise<Client> {
    const given = this.given[name];
    if (given) return Promise.resolve(given);
    let client = this.connecting.get(name);
    if (!client) {
      const server = this.config.servers.find((s) => s.name === name);
      if (!server || server.kind === "snapshot") {
        return Promise.reject(new Error(`server "${name}" is a snapshot entry; pass a client for it to createRuntime({ clients })`));
      }
      client = withConnection(server as LiveServer, this.env, Date.now() + server.timeoutMs, async ({ client: c }) => c, true);
      client.catch(() => this.connecting.delete(name));
      this.connecting.set(name, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = await Promise.allSettled(this.connecting.values());
    this.connecting.clear();
    await Promise.all(clients.map((c) => (c.status === "fulfilled" ? c.value.close().catch(() => {}) : undefined)));
  }
}
