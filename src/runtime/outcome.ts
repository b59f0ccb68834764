/** How a run ended, as the host judged it. `timeout`, `memory` and `crash` are only ever the host's verdict. */
export type HostOutcome =
  | { ok: true; result?: string }
  | { ok: false; error: { name: string; message: string; stack?: string; kind: "agent" | "limit" | "timeout" | "memory" | "crash" } };

const MAX_NAME = 200;
const MAX_MESSAGE = 16_384;
const MAX_STACK = 16_384;

/**
 * Checks the outcome the sandbox reported (agent code may have replaced `JSON.stringify` in its
 * realm, or escaped and written anything): only `ok` with a JSON string, or an agent or limit
 * error of capped strings, is taken; anything else is a crash of that run.
 */
export function classifyOutcome(text: string): HostOutcome {
  const bad: HostOutcome = { ok: false, error: { name: "Error", message: "the sandbox reported an outcome that is not valid", kind: "crash" } };
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.ok === true && (value.result === undefined || typeof value.result === "string")) {
      if (value.result !== undefined) JSON.parse(value.result as string);
      return value.result === undefined ? { ok: true } : { ok: true, result: value.result as string };
    }
    const error = value.error as Record<string, unknown> | undefined;
    if (value.ok === false && error && typeof error.name === "string" && typeof error.message === "string" && (error.kind === "agent" || error.kind === "limit")) {
      const stack = typeof error.stack === "string" && error.stack ? { stack: error.stack.slice(0, MAX_STACK) } : {};
      return { ok: false, error: { name: error.name.slice(0, MAX_NAME), message: error.message.slice(0, MAX_MESSAGE), kind: error.kind, ...stack } };
    }
  } catch {
    // not JSON: a crash
  }
  return bad;
}

/** The host's own verdicts on a run, worded alike by every executor. */
export const verdict = {
  timeout: (timeoutMs: number): HostOutcome => ({ ok: false, error: { name: "TimeoutError", message: `the code ran longer than ${timeoutMs} ms and was stopped`, kind: "timeout" } }),
  memory: (memoryMb: number): HostOutcome => ({ ok: false, error: { name: "RangeError", message: `the code used more than ${memoryMb} MB and was stopped`, kind: "memory" } }),
  /** A sandbox (`what`) that died with its run unfinished: V8's heap limit when its stderr says so, else a crash with the last of what it said. */
  death(what: string, stderr: string, memoryMb: number): HostOutcome {
    if (/heap out of memory|Reached heap limit/i.test(stderr)) {
      return { ok: false, error: { name: "RangeError", message: `the code ran out of its ${memoryMb} MB heap and was stopped`, kind: "memory" } };
    }
    const tail = stderr.trim().split("\n").slice(-3).join(" / ").slice(0, 1000);
    return { ok: false, error: { name: "Error", message: `${what} died${tail ? `: ${tail}` : ""}`, kind: "crash" } };
  },
};
