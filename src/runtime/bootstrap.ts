/**
 * Runs inside each fresh sandbox context before anything else, as source text (this function is
 * stringified, so it must not use anything from outside itself). It keeps the host's functions
 * in its closure, never on a global; locks the stack machinery through which Node would hand
 * host objects to sandbox code; installs the shims' host binding and a console; and later runs
 * the agent, serialising its value inside the sandbox. The intrinsics are not frozen: each run
 * has a fresh context, so changes cannot outlive it, and frozen prototypes break ordinary code
 * (`this.name = …` in an Error subclass throws when `Error.prototype` is frozen).
 */
export function bootstrap(
  send: (request: string) => number,
  log: (level: string, text: string) => number,
  finish: (outcome: string) => number,
  binding: string,
  maxLogChars: number,
  maxResultChars: number,
) {
  "use strict";
  const global = globalThis as unknown as Record<string, unknown>;
  // Node formats `.stack` by calling the context's `Error.prepareStackTrace` with host-realm
  // call sites: neither it, nor `Error` itself, may be replaced by agent code.
  Object.defineProperty(Error, "prepareStackTrace", { value: undefined, writable: false, configurable: false });
  Object.defineProperty(Error, "stackTraceLimit", { value: 20, writable: false, configurable: false });
  Object.defineProperty(global, "Error", { writable: false, configurable: false });
  // Memory outside the JS heap (not capped by resourceLimits), and blocking primitives.
  for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics"]) delete global[name];

  const pending = new Map<number, (response: string) => void>();
  const callHost = (request: unknown): Promise<string> => {
    if (typeof request !== "string") return Promise.reject(new TypeError("the host binding takes a JSON string"));
    let id = -1;
    try {
      id = send(request);
    } catch {
      id = -1; // e.g. a stack overflow inside the host function: its error never reaches agent code
    }
    if (typeof id !== "number" || id < 0) return Promise.reject(new Error(id === -2 ? "tool call limit reached" : "the request was refused (too large, or the run is over)"));
    return new Promise((resolve) => pending.set(id, resolve));
  };
  Object.defineProperty(global, binding, { value: callHost, writable: false, configurable: false, enumerable: false });

  let logged = 0;
  let truncated = false;
  const format = (value: unknown, depth: number, seen: unknown[]): string => {
    if (typeof value === "string") return depth === 0 ? value : JSON.stringify(value);
    if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value !== "object" || value === null) return String(value);
    if (seen.includes(value)) return "[Circular]";
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (depth > 4) return Array.isArray(value) ? "[Array]" : "[Object]";
    const next = [...seen, value];
    if (Array.isArray(value)) return `[${value.slice(0, 100).map((item) => format(item, depth + 1, next)).join(", ")}${value.length > 100 ? ", …" : ""}]`;
    if (value instanceof Map) return `Map(${value.size}) {${[...value].slice(0, 50).map(([k, v]) => `${format(k, depth + 1, next)} => ${format(v, depth + 1, next)}`).join(", ")}}`;
    if (value instanceof Set) return `Set(${value.size}) {${[...value].slice(0, 50).map((v) => format(v, depth + 1, next)).join(", ")}}`;
    const entries = Object.keys(value).slice(0, 50).map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${format((value as Record<string, unknown>)[key], depth + 1, next)}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  };
  const consoleObject: Record<string, unknown> = {};
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    consoleObject[level] = (...args: unknown[]) => {
      if (truncated) return;
      let text: string;
      try {
        text = args.map((arg) => format(arg, 0, [])).join(" ");
      } catch (error) {
        text = `[unprintable: ${String((error as Error)?.message)}]`;
      }
      if (logged + text.length > maxLogChars) {
        text = `${text.slice(0, Math.max(0, maxLogChars - logged))}… [log truncated]`;
        truncated = true;
      }
      logged += text.length;
      try {
        log(level, text);
      } catch {
        // the host refused it; nothing to tell the agent
      }
    };
  }
  Object.defineProperty(global, "console", { value: Object.freeze(consoleObject), writable: false, configurable: false });

  const describe = (error: unknown) => {
    try {
      if (error && typeof error === "object") {
        const e = error as { name?: unknown; message?: unknown; stack?: unknown };
        return { name: String(e.name ?? "Error"), message: String(e.message ?? ""), stack: typeof e.stack === "string" ? e.stack : "" };
      }
      return { name: "Error", message: `thrown: ${String(error)}`, stack: "" };
    } catch {
      return { name: "Error", message: "the agent threw a value that cannot be described", stack: "" };
    }
  };
  const end = (outcome: unknown) => {
    try {
      finish(JSON.stringify(outcome));
    } catch {
      finish('{"ok":false,"error":{"name":"Error","message":"the outcome could not be reported","kind":"agent"}}');
    }
  };

  return {
    deliver(id: number, response: string) {
      const resolve = pending.get(id);
      if (!resolve) return;
      pending.delete(id);
      resolve(response);
    },
    run(agent: () => Promise<unknown>) {
      Promise.resolve()
        .then(() => agent())
        .then(
          (value) => {
            let result: string | undefined;
            try {
              result = JSON.stringify(value);
            } catch (error) {
              end({ ok: false, error: { name: "TypeError", message: `the returned value is not JSON-serialisable: ${describe(error).message}`, kind: "agent" } });
              return;
            }
            if (result !== undefined && result.length > maxResultChars) {
              end({ ok: false, error: { name: "RangeError", message: `the returned value is ${result.length} characters of JSON; the limit is ${maxResultChars}`, kind: "limit" } });
              return;
            }
            end({ ok: true, result });
          },
          (error) => end({ ok: false, error: { ...describe(error), kind: "agent" } }),
        );
    },
  };
}
