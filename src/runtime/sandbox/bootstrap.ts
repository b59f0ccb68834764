/**
 * Runs inside each fresh sandbox context before anything else, as source text (this function is
 * stringified, so it must use nothing from outside itself). It captures the intrinsics it needs
 * before agent code can replace them, keeps the host's functions in its closure and never on a
 * global, removes what only serves escapes or unbounded memory, and builds the stack formatter
 * that Node calls (from C++, with no host JavaScript frame) for every error's `.stack`.
 *
 * Invariant: no host value is ever handed to agent code. The host functions take and return only
 * primitives, and every call to one sits in a try/catch that discards what it throws (a stack
 * overflow inside a host function throws a host-realm RangeError).
 */
export function bootstrap(
  send: (request: string) => number,
  log: (level: string, text: string) => number,
  finish: (outcome: string) => number,
  binding: string,
  stacks: boolean,
) {
  "use strict";
  const global = globalThis as unknown as Record<string, unknown>;
  const { defineProperty, getPrototypeOf, keys, freeze } = Object;
  const ObjectPrototype = Object.prototype;
  const toText = String;
  const isArray = Array.isArray;
  const stringify = JSON.stringify;
  const SandboxError = Error;
  const SandboxMap = Map;
  const SandboxSet = Set;
  const SandboxPromise = Promise;
  const resolved = Promise.resolve();
  const then = Promise.prototype.then;
  // Called through `apply` on the paths the host starts (formatting a stack, delivering a result):
  // agent code may have replaced the prototypes' methods by then.
  const { apply } = Reflect;
  const startsWith = String.prototype.startsWith;
  const lock = (target: object, key: string, value: unknown) => defineProperty(target, key, { value, writable: false, configurable: false, enumerable: false });

  // With stacks, Node formats them through `formatStack` below. Without it (the formatter could
  // not be installed), no stack is captured at all, so Node's own formatter never runs.
  lock(Error, "prepareStackTrace", undefined);
  lock(Error, "stackTraceLimit", stacks ? 20 : undefined);
  defineProperty(global, "Error", { writable: false, configurable: false });
  // Memory outside the heap, blocking primitives, and callbacks that run with no agent frame
  // below them (an exception there would reach Node's uncaught-exception path).
  for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics", "FinalizationRegistry", "WeakRef"]) delete global[name];

  /** Whether a value was made in this realm (its prototype chain ends at this Object.prototype). */
  const ours = (value: object): boolean => {
    let proto: unknown = value;
    for (let depth = 0; depth < 1000 && proto !== null; depth++) {
      if (proto === ObjectPrototype) return true;
      proto = getPrototypeOf(proto);
    }
    return false;
  };

  /** Node's stack formatter for this process: frames from V8's call sites, the header read only from this realm's errors. */
  const formatStack = (_global: unknown, error: unknown, trace: unknown): string => {
    let text = "Error";
    try {
      if (error !== null && typeof error === "object" && ours(error)) {
        const e = error as { name?: unknown; message?: unknown };
        text = `${toText(e.name ?? "Error")}: ${toText(e.message ?? "")}`;
      }
    } catch {
      text = "Error";
    }
    try {
      const sites = trace as { getFileName(): unknown; getLineNumber(): unknown; getColumnNumber(): unknown; getFunctionName(): unknown }[];
      for (let i = 0; i < sites.length && i < 20; i++) {
        const site = sites[i]!;
        const file = site.getFileName();
        if (typeof file !== "string" || apply(startsWith, file, ["node:"]) || apply(startsWith, file, ["file:"])) continue;
        const name = site.getFunctionName();
        const where = `${file}:${toText(site.getLineNumber())}:${toText(site.getColumnNumber())}`;
        text += `\n    at ${typeof name === "string" && name ? `${name} (${where})` : where}`;
      }
    } catch {
      // a frame that cannot be described is left out
    }
    return text;
  };

  let limits = { maxToolCalls: 0, maxArgumentBytes: 0, maxLogBytes: 0, maxResultBytes: 0 };
  let calls = 0;
  // A record without a prototype, not a Map: looking up a call's resolver runs no method agent code could replace.
  const pending = Object.create(null) as Record<number, ((response: string) => void) | undefined>;
  const callHost = (request: unknown): Promise<string> => {
    if (typeof request !== "string") return SandboxPromise.reject(new TypeError("the host binding takes a JSON string"));
    if (request.length > limits.maxArgumentBytes) {
      return SandboxPromise.reject(new RangeError(`the arguments are ${request.length} characters of JSON; the limit is ${limits.maxArgumentBytes} bytes`));
    }
    if (++calls > limits.maxToolCalls) return SandboxPromise.reject(new SandboxError(`tool call limit reached (${limits.maxToolCalls} per run)`));
    let id = -1;
    try {
      id = send(request);
    } catch {
      id = -1;
    }
    if (typeof id !== "number" || id < 0) return SandboxPromise.reject(new SandboxError("the request was refused (too large, or the run is over)"));
    return new SandboxPromise((resolve) => (pending[id] = resolve));
  };
  lock(global, binding, callHost);

  let logged = 0;
  let truncated = false;
  const format = (value: unknown, depth: number, seen: unknown[]): string => {
    if (typeof value === "string") return depth === 0 ? value : stringify(value);
    if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value !== "object" || value === null) return toText(value);
    if (seen.includes(value)) return "[Circular]";
    if (value instanceof SandboxError) return `${toText(value.name)}: ${toText(value.message)}`;
    if (depth > 4) return isArray(value) ? "[Array]" : "[Object]";
    const next = [...seen, value];
    if (isArray(value)) return `[${value.slice(0, 100).map((item) => format(item, depth + 1, next)).join(", ")}${value.length > 100 ? ", …" : ""}]`;
    if (value instanceof SandboxMap) return `Map(${value.size}) {${[...value].slice(0, 50).map(([k, v]) => `${format(k, depth + 1, next)} => ${format(v, depth + 1, next)}`).join(", ")}}`;
    if (value instanceof SandboxSet) return `Set(${value.size}) {${[...value].slice(0, 50).map((v) => format(v, depth + 1, next)).join(", ")}}`;
    const entries = keys(value).slice(0, 50).map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : stringify(key)}: ${format((value as Record<string, unknown>)[key], depth + 1, next)}`);
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
        text = `[unprintable: ${toText((error as Error)?.message)}]`;
      }
      // Each entry costs 16 more, as on the host: empty lines are not free.
      if (logged + text.length + 16 > limits.maxLogBytes) {
        text = `${text.slice(0, Math.max(0, limits.maxLogBytes - logged - 16))}… [log truncated]`;
        truncated = true;
      }
      logged += text.length + 16;
      try {
        log(level, text);
      } catch {
        // the host refused it; nothing to tell the agent
      }
    };
  }
  lock(global, "console", freeze(consoleObject));

  const describe = (error: unknown) => {
    try {
      if (error && typeof error === "object") {
        const e = error as { name?: unknown; message?: unknown; stack?: unknown };
        const stack = e.stack;
        return { name: toText(e.name ?? "Error").slice(0, 200), message: toText(e.message ?? "").slice(0, 16_384), stack: typeof stack === "string" ? stack.slice(0, 16_384) : "" };
      }
      return { name: "Error", message: `thrown: ${toText(error)}`.slice(0, 16_384), stack: "" };
    } catch {
      return { name: "Error", message: "the agent threw a value that cannot be described", stack: "" };
    }
  };
  // Outcomes are written as text from strings only: an object here would meet agent code
  // (a `toJSON` on Object.prototype) inside JSON.stringify.
  const end = (outcome: string) => {
    try {
      finish(outcome);
    } catch {
      // the host's deadline ends the run
    }
  };
  const failure = (error: { name: string; message: string; stack: string }, kind: "agent" | "limit") =>
    `{"ok":false,"error":{"name":${stringify(error.name)},"message":${stringify(error.message)},"stack":${stringify(error.stack)},"kind":"${kind}"}}`;
  const succeed = (value: unknown) => {
    let result: string | undefined;
    try {
      result = stringify(value);
    } catch (error) {
      end(failure({ name: "TypeError", message: `the returned value is not JSON-serialisable: ${describe(error).message}`, stack: "" }, "agent"));
      return;
    }
    if (typeof result === "string" && result.length > limits.maxResultBytes) {
      end(failure({ name: "RangeError", message: `the returned value is ${result.length} characters of JSON; the limit is ${limits.maxResultBytes} bytes`, stack: "" }, "limit"));
      return;
    }
    end(typeof result === "string" ? `{"ok":true,"result":${stringify(result)}}` : '{"ok":true}');
  };

  return {
    formatStack,
    deliver(id: number, response: string) {
      const resolve = pending[id];
      if (!resolve) return;
      delete pending[id];
      resolve(response);
    },
    /** Runs the compiled agent code: `compiled()` returns the async function whose body is the agent's. */
    run(compiled: () => () => Promise<unknown>, runLimits: typeof limits) {
      limits = runLimits;
      const start = () => compiled()();
      then.call(then.call(resolved, start), succeed, (error: unknown) => end(failure(describe(error), "agent")));
    },
  };
}
