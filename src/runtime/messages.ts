/**
 * Messages between the host (which owns the MCP clients), the sandbox child process and its
 * workers. Only strings and numbers cross; every field is checked on arrival.
 */

/** The file name agent code runs under; stack frames in it are the agent's. */
export const AGENT_FILE = "agent.ts";

/** Limits of one run, resolved from the caller's options. */
export interface RunLimits {
  timeoutMs: number;
  memoryMb: number;
  maxToolCalls: number;
  maxLogBytes: number;
  maxResultBytes: number;
}

/** Host → child. */
export type HostToChild =
  | { t: "run"; runId: number; js: string; shims: string[]; limits: RunLimits }
  | { t: "result"; runId: number; id: number; response: string };

/** Child → host. */
export type ChildToHost =
  | { t: "ready" }
  | { t: "call"; runId: number; id: number; request: string }
  | { t: "log"; runId: number; level: string; text: string }
  | { t: "done"; runId: number; outcome: string };

/** Worker → child: the same, without the run id (a worker runs one run at a time). */
export type WorkerToChild =
  | { t: "call"; id: number; request: string }
  | { t: "log"; level: string; text: string }
  | { t: "done"; outcome: string };

/** Child → worker. */
export type ChildToWorker =
  | { t: "run"; js: string; shims: string[]; limits: RunLimits }
  | { t: "result"; id: number; response: string };

/**
 * How a run ended, as JSON in `done.outcome`: the agent's value serialised inside the sandbox,
 * or an error as plain strings.
 */
export type Outcome =
  | { ok: true; result: string | undefined }
  | { ok: false; error: { name: string; message: string; stack?: string; kind: "agent" | "timeout" | "memory" | "limit" | "crash" } };

export const LOG_LEVELS = ["log", "info", "warn", "error", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const isInt = (value: unknown): value is number => Number.isSafeInteger(value);
const isString = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;

/** Checks a message from a worker; anything malformed is dropped. */
export function parseWorkerMessage(message: unknown, maxBytes: number): WorkerToChild | undefined {
  if (!message || typeof message !== "object") return undefined;
  const m = message as Record<string, unknown>;
  if (m.t === "call" && isInt(m.id) && isString(m.request, maxBytes)) return { t: "call", id: m.id, request: m.request };
  if (m.t === "log" && isString(m.level, 8) && isString(m.text, maxBytes)) return { t: "log", level: m.level, text: m.text };
  if (m.t === "done" && isString(m.outcome, maxBytes * 2)) return { t: "done", outcome: m.outcome };
  return undefined;
}

/** Checks a message from the child process; anything malformed is dropped. */
export function parseChildMessage(message: unknown, maxBytes: number): ChildToHost | undefined {
  if (!message || typeof message !== "object") return undefined;
  const m = message as Record<string, unknown>;
  if (m.t === "ready") return { t: "ready" };
  if (!isInt(m.runId)) return undefined;
  const inner = parseWorkerMessage(m, maxBytes);
  return inner ? ({ ...inner, runId: m.runId } as ChildToHost) : undefined;
}
