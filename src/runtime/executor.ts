import type { HostOutcome } from "./outcome.js";
import type { SandboxLimits } from "./wire.js";

/**
 * Where agent code runs. The host side of a run (clients, argument validation, policy, limits,
 * the type check, and the verdict) is the same for every executor; an executor only takes
 * prepared JavaScript, runs it beside the shims under the limits, relays its host-binding calls
 * and logs, and reports how it ended.
 *
 * - `node`: a Node process per run, under the isolation levels of `isolation.ts` (the default).
 * - `workerd`: Cloudflare's workerd, a fresh V8 isolate (dynamic worker) per run inside a
 *   supervised local workerd process, with no outbound network.
 */
export const EXECUTOR_NAMES = ["node", "workerd"] as const;
export type ExecutorName = (typeof EXECUTOR_NAMES)[number];

/** What a run's executor calls back with; `onCall`'s id is answered through {@link ExecutorSlot.respond}. */
export interface RunHandlers {
  onCall(id: number, request: string): void;
  onLog(level: string, text: string): void;
}

/**
 * One run's place in an executor, used once. `run` resolves with the outcome whatever the agent
 * code does (a crash, a timeout and memory are the host's verdict, never the code's), and every
 * outcome the agent reports has passed `classifyOutcome`.
 */
export interface ExecutorSlot {
  run(js: string, limits: SandboxLimits, timeoutMs: number, handlers: RunHandlers): Promise<HostOutcome>;
  /** Answers a call while the run lasts; ignored after. */
  respond(id: number, response: string): void;
}

/** Hands out slots for runs, keeps some ready ahead of need, and stops everything on close. */
export interface Executor {
  readonly name: ExecutorName;
  /** A slot for a run with this heap limit; throws when none can be started. */
  take(memoryMb: number): Promise<ExecutorSlot>;
  /** Tops up what is kept ready; called after each run, off the run's path. */
  refill(): void;
  close(): void;
  /** The pid of a process that would take the next run, for diagnostics and benchmarks. */
  readonly warmPid: number | undefined;
}

/** Checks an executor name from options, the CLI or the config. */
export function isExecutorName(value: unknown): value is ExecutorName {
  return typeof value === "string" && (EXECUTOR_NAMES as readonly string[]).includes(value);
}
