import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Client } from "@modelcontextprotocol/client";
import { configFromObject, loadConfig } from "../config/load.js";
import type { CodemodeConfig, ResolvedConfig } from "../config/types.js";
import { readSnapshotFile } from "../snapshot/read.js";
import type { ServerListing } from "../snapshot/types.js";
import { CodemodeError } from "../errors.js";
import { applyPolicy, type Policy } from "../policy/policy.js";
import type { SearchHit, SearchIndex } from "../search/index.js";
import { TypeCheckClient } from "../typecheck/client.js";
import type { TypeDiagnostic } from "../typecheck/checker.js";
import type { VisibleApi } from "./agent-error.js";
import { agentTypings } from "./agent-typings.js";
import { ClientPool } from "./client-pool.js";
import type { ApprovalHandler } from "./dispatcher.js";
import { ISOLATION_LEVELS, isolationLevel, type IsolationLevel } from "./isolation.js";
import { notStarted, runOnce, type RunContext, type RunResult } from "./run-once.js";
import { RunGate } from "./run-gate.js";
import { createExecutor, executorName } from "./create-executor.js";
import { startEarlySandboxes, type EarlySandboxes } from "./early-sandboxes.js";
import { DEFAULT_LIMITS, processSetup, type ProcessSetup } from "./run-limits.js";
import type { ExecutorName } from "./executor.js";
import type { WorkerdExecutorOptions } from "./workerd/workerd-executor.js";
import { ArgumentValidator } from "./validate-args.js";

export interface RuntimeOptions {
  /**
   * The config, in memory or as a file; by default `codemode.config.*` in `cwd`. A promise of a
   * loaded one lets the runtime start its type checker's thread while the config still loads.
   */
  config?: CodemodeConfig | ResolvedConfig | Promise<ResolvedConfig>;
  configFile?: string;
  cwd?: string;
  /** Where the generated packages are. @default the config's outDir */
  outDir?: string;
  /** MCP clients the caller already holds, by server name; other servers are connected on first use. */
  clients?: Record<string, Client>;
  /** Environment for `${VAR}`s in server entries (and `CODEMODE_ISOLATION`). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Defaults for every run. */
  defaults?: RunOptions;
  /**
   * The weakest isolation the runtime may start with; below it, `createRuntime` throws.
   * @default "process" (any), with a warning below "jail"
   */
  minIsolation?: IsolationLevel;
  /** Sandbox processes (workerd: workerd processes) kept started ahead of runs. @default 1 */
  warmSandboxes?: number;
  /**
   * Runs at once; more wait their turn, each at most its own `timeoutMs`, and fail with kind
   * `limit` if it does not come. @default 8
   */
  maxConcurrentRuns?: number;
  /**
   * Where agent code runs: `node` (a Node process per run, the embedded default) or `workerd`
   * (a fresh V8 isolate per run in a supervised local workerd; needs `npm install workerd`).
   * @default the config's `executor`, else "node"
   */
  executor?: ExecutorName;
  /** Settings of the workerd executor. */
  workerd?: WorkerdExecutorOptions;
  /** Where warnings go (isolation below "jail"). @default process.emitWarning */
  onWarning?: (message: string) => void;
  /** What agent code may call, by server (`"*"` for all); each server's entry replaces the config's. */
  policy?: Policy;
  /** Asked before each call the policy says to approve; without it, such calls are refused. */
  onApproval?: ApprovalHandler;
}

export interface RunOptions {
  /** Asked before each call the policy says to approve, for this run (instead of the runtime's). */
  onApproval?: ApprovalHandler;
  /** Type-check the code against the servers' typings first; a type error ends the run before any call, as kind "type". @default true */
  typecheck?: boolean;
  /** Wall-clock limit of the agent code; the sandbox is killed when it passes. @default 30000 */
  timeoutMs?: number;
  /** Heap limit of the sandbox. @default 128 */
  memoryMb?: number;
  /** @default 200 */
  maxToolCalls?: number;
  /** @default 16 */
  maxConcurrentCalls?: number;
  /** Per call, in UTF-8 bytes. @default 1 MiB */
  maxArgumentBytes?: number;
  /** For each tool result and for the returned value, in UTF-8 bytes. @default 4 MiB */
  maxResultBytes?: number;
  /** Console output kept, in UTF-8 bytes. @default 64 KiB */
  maxLogBytes?: number;
}

export type { LogEntry } from "./logs.js";

export type { RunResult } from "./run-once.js";

export interface Runtime {
  run(code: string, options?: RunOptions): Promise<RunResult>;
  /** The type errors of agent code against the servers' typings (empty when it type-checks), on the agent's own lines. */
  check(code: string): Promise<TypeDiagnostic[]>;
  /**
   * The typings agent code is written against (every namespace as a global), or with `tools`
   * (`github.createIssue`, `github.*`) only those functions and the types they use.
   */
  typings(options?: { tools?: string[] }): Promise<string>;
  /** The API's functions that best match plain words, best first. */
  search(query: string, options?: { limit?: number }): SearchHit[];
  /**
   * A server's tools for host code, outside the sandbox, with the same validation, limits,
   * clients and result shapes as agent calls: `await runtime.api<typeof memory>("memory")`,
   * `memory` imported with `import type` from the generated package.
   */
  api<T = unknown>(server: string): Promise<T>;
  /** Ends the sandboxes and every MCP client the runtime started. */
  close(): Promise<void>;
  /** How the sandbox processes are isolated on this machine (the node executor's). */
  readonly isolation: IsolationLevel;
  /** Where agent code runs. */
  readonly executor: ExecutorName;
  /** The pid of a started, unused sandbox process, if one is waiting: for diagnostics and benchmarks. */
  readonly sandboxPid: number | undefined;
}

/** Runs at once, unless the runtime says otherwise (see `RuntimeOptions.maxConcurrentRuns`). */
const DEFAULT_CONCURRENT_RUNS = 8;

// Typed as the options: a limit `RunOptions` gains must get its default in `run-limits.ts`.
const DEFAULTS: Required<Omit<RunOptions, "onApproval">> = DEFAULT_LIMITS;

/**
 * Creates a runtime for the configured servers: loads their generated packages, and runs each
 * piece of agent code in a sandbox process of its own that reaches the servers only through
 * this host.
 */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  // The checker's thread starts before the config is read: it loads TypeScript and its libs
  // meanwhile, and gets the typings once they are known.
  const defaults = { ...DEFAULTS, ...options.defaults };
  let giveTypings: (typings: string) => void = () => {};
  const typings = new Promise<string>((resolve) => (giveTypings = resolve));
  const early = defaults.typecheck ? new TypeCheckClient(typings) : undefined;
  // So do the node executor's first sandboxes, which get their shims once the packages are read.
  const processes = processSetup(defaults, options.warmSandboxes ?? 1);
  const isolation = isolationLevel(options.env);
  const sandboxes = startEarlySandboxes({ executor: options.executor, isolation, minIsolation: options.minIsolation ?? "process", ...processes });
  try {
    return await startRuntime(options, { defaults, processes, checker: early, giveTypings, sandboxes, isolation });
  } catch (error) {
    void early?.close();
    sandboxes.abandon();
    throw error;
  }
}

/** What `createRuntime` started before reading the config. */
interface HeadStart {
  defaults: Required<Omit<RunOptions, "onApproval">>;
  /** What every sandbox (or workerd) process is started with, early or not. */
  processes: ProcessSetup;
  checker: TypeCheckClient | undefined;
  giveTypings: (typings: string) => void;
  sandboxes: EarlySandboxes;
  isolation: Promise<IsolationLevel>;
}

async function startRuntime(options: RuntimeOptions, head: HeadStart): Promise<Runtime> {
  const gate = new RunGate(options.maxConcurrentRuns ?? DEFAULT_CONCURRENT_RUNS);
  const [config, isolation] = await Promise.all([resolve(options), head.isolation]);
  const executor = executorName(options.executor ?? config.executor, "executor");
  // The isolation levels are the Node sandbox's; workerd walls runs off with its own isolates.
  if (executor === "node") checkIsolation(isolation, options);
  const outDir = options.outDir ? path.resolve(options.cwd ?? process.cwd(), options.outDir) : config.outDir;
  const policy: Policy = { ...config.policy, ...options.policy };
  const listings = new Map<string, ServerListing>();
  const shims: string[] = [];
  for (const server of config.servers) {
    listings.set(server.name, await readSnapshotFile(path.join(outDir, server.name, "snapshot.json"), server.name));
    shims.push(await readFile(path.join(outDir, server.name, "index.js"), "utf8"));
  }
  // Only for "did you mean" hints on a failed run, and for search: not worth the start-up time.
  let api: VisibleApi | undefined;
  let index: SearchIndex | undefined;
  let allTypings: Promise<string> | undefined;
  // What agent code sees: denied tools are not in the typings, the type check or search.
  const visible = new Map(applyPolicy([...listings.values()], policy).map((listing) => [listing.name, listing]));
  // What started ahead (see createRuntime) gets the shims and the typings now; without a checker,
  // the first run that asks for a check starts one.
  head.sandboxes.give(shims);
  // The emitter is imported only now, after the sandboxes have their shims: the checker's typings
  // come from the cache when they can, and the checker works while this thread loads the rest.
  const visibleList = [...visible.values()];
  const emitter = import("./api-views.js");
  const typings = () => agentTypings(visibleList, async () => (await emitter).agentTypingsOf(visibleList));
  if (head.checker) head.giveTypings(await typings());
  const views = await emitter;
  const checker = lazyChecker(head.checker, typings);
  const typeChecker = checker.get;
  const { defaults } = head;
  const started = executor === "node" ? await head.sandboxes.pool : undefined;
  if (!started) head.sandboxes.abandon();
  const pool = started ?? (await createExecutor(executor, { isolation, shims, ...head.processes, ...(options.workerd ? { workerd: options.workerd } : {}) }));
  const validator = new ArgumentValidator();
  const clients = new ClientPool(config, options.clients ?? {}, options.env ?? process.env);
  const context: RunContext = { pool, clients, validator, listings, policy, typeChecker, hints: () => (api ??= views.visibleApi(config, visible)) };

  return {
    isolation,
    executor,
    // Host code's calls name functions as the emitter does: it loads with the first (see api-views.ts).
    api: async <T>(server: string) => (await (await import("./host-api.js")).hostApi(server, { config, listings, clients: (name) => clients.get(name), validator, limits: defaults })) as T,
    async run(code, runOptions = {}) {
      const limits = { ...defaults, ...runOptions };
      const endTurn = await gate.enter(limits.timeoutMs);
      if (!endTurn) return notStarted(gate.limit, limits.timeoutMs);
      try {
        return await runOnce(code, limits, runOptions.onApproval ?? options.onApproval, context);
      } finally {
        endTurn();
      }
    },
    check(code) {
      return typeChecker().check(code);
    },
    typings(typingOptions = {}) {
      // The whole API is asked for on every serve session: formatted once.
      if (typingOptions.tools) return views.promptTypings(visibleList, typingOptions);
      return (allTypings ??= views.promptTypings(visibleList));
    },
    search(query, searchOptions = {}) {
      index ??= views.buildSearchIndex(visibleList, views.namespaceNames([...listings.keys()]));
      return views.search(index, query, searchOptions);
    },
    async close() {
      pool.close();
      await Promise.all([clients.close(), checker.close()]);
    },
    get sandboxPid() {
      return pool.warmPid;
    },
  };
}

/**
 * The runtime's type checker: the one started ahead, or one made by the first check that asks.
 * Typings that could not be made leave no checker behind: the next check tries again.
 */
function lazyChecker(early: TypeCheckClient | undefined, typings: () => Promise<string>): { get: () => TypeCheckClient; close: () => Promise<unknown> } {
  let checker = early;
  const get = () => {
    if (checker) return checker;
    const text = typings();
    const made = (checker = new TypeCheckClient(text));
    text.catch(() => {
      if (checker !== made) return;
      checker = undefined;
      void made.close();
    });
    return made;
  };
  return { get, close: async () => checker?.close() };
}

function checkIsolation(level: IsolationLevel, options: RuntimeOptions): void {
  const rank = (l: IsolationLevel) => ISOLATION_LEVELS.indexOf(l);
  const wanted = options.minIsolation ?? "process";
  if (rank(level) > rank(wanted)) {
    throw new CodemodeError("USAGE", `this machine allows sandbox isolation "${level}", weaker than the required "${wanted}"`, { hint: "run codemode doctor to see which layers hold here" });
  }
  if (level !== "jail") {
    const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, "CodemodeIsolationWarning"));
    warn(`codemode: sandbox isolation is "${level}" on this machine (${level === "process" ? "no namespaces: the network, signals and files rest on Node's permission model and the stripped realm alone" : "no private root: files and Unix sockets rest on Node's permission model"}); run codemode doctor for details`);
  }
}

async function resolve(options: RuntimeOptions): Promise<ResolvedConfig> {
  if (options.config instanceof Promise) return options.config;
  if (options.config && "rootDir" in options.config) return options.config as ResolvedConfig;
  if (options.config) return configFromObject(options.config as CodemodeConfig, options.cwd);
  return loadConfig({ ...(options.configFile ? { file: options.configFile } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
}
