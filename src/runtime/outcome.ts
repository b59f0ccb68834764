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
