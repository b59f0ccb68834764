import { HOST_BINDING } from "../../protocol.js";
import { bootstrap } from "../sandbox/bootstrap.js";
import { STANDARD_GLOBALS } from "../sandbox/harden.js";

/** The run's bridge to the runner, as the dynamic worker sees it in `env.HOST` (an RPC stub). */
interface Bridge {
  call(request: string): Promise<unknown>;
  log(batch: string): Promise<unknown>;
}

type Install = typeof bootstrap;

/**
 * Runs first in each dynamic worker, as the source of its `boot.js` module (this function is
 * stringified, so it must use nothing from outside itself). It removes every global that is not
 * ECMAScript's (workerd's `fetch`, `connect`, `caches`, `crypto`, `process`, `Buffer`, timers,
 * …), so agent code meets the same realm as in the Node executor, then installs the same
 * bootstrap (console, `ToolError`-ready host binding, result JSON) over host functions that
 * talk to the runner through the run's own RPC stub.
 *
 * Nothing here trusts the agent: the runner checks every string it receives, and the host
 * checks again. Logs are batched per microtask turn (one RPC, not one per line), and the
 * outcome is released only after the last batch was delivered, so no log arrives after `done`.
 */
export function bootModule(install: Install, keep: string[], binding: string) {
  "use strict";
  const global = globalThis as unknown as Record<string | symbol, unknown>;
  const kept = new Set<string | symbol>(keep);
  const strip = (target: Record<string | symbol, unknown>, keepKey: (key: string | symbol) => boolean) => {
    for (const key of Reflect.ownKeys(target)) {
      if (keepKey(key)) continue;
      try {
        delete target[key];
      } catch {
        // one the platform will not let go: the tests list what is left
      }
    }
  };
  strip(global, (key) => kept.has(key));
  // workerd's web APIs (fetch, setTimeout, structuredClone, …) live on the global's prototypes.
  const ObjectPrototype = Object.prototype;
  for (let proto = Reflect.getPrototypeOf(global); proto && proto !== ObjectPrototype; proto = Reflect.getPrototypeOf(proto)) {
    strip(proto as Record<string | symbol, unknown>, (key) => key === "constructor");
  }
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const then = Promise.prototype.then;
  const apply = Reflect.apply;
  const SandboxPromise = Promise;
  // Promises are made inside the run's request, never at module scope: workerd cancels
  // continuations of a promise that belongs to no request (or another one).
  let resolved: Promise<void> | undefined;
  const quietly = async (pending: unknown) => {
    try {
      await pending;
    } catch {
      // the run is over, or the runner refused it
    }
  };

  let host: Bridge | undefined;
  let keepAlive: ((pending: Promise<unknown>) => void) | undefined;
  let limits = { maxToolCalls: 0, maxArgumentBytes: 0, maxLogBytes: 0, maxResultBytes: 0 };
  let live = false;
  let nextId = 0;
  let batch = "";
  let flushing = false;
  let lastLog: Promise<void> | undefined;
  let settle: ((ended: string) => void) | undefined;

  const flush = () => {
    flushing = false;
    if (!batch || !host) return;
    const text = `[${batch}]`;
    batch = "";
    try {
      lastLog = quietly(host.log(text));
    } catch {
      // the runner is gone: the host's deadline ends the run
    }
  };
  const deliver = async (id: number, pending: unknown) => {
    let response: unknown;
    try {
      response = await pending;
    } catch {
      return;
    }
    if (typeof response !== "string") return;
    try {
      api.deliver(id, response);
    } catch {
      // a response the agent's realm cannot take: dropped
    }
  };
  const send = (request: unknown): number => {
    if (!live || !host || typeof request !== "string" || request.length > limits.maxArgumentBytes) return -1;
    const id = ++nextId;
    // Logs written before a call reach the host before it.
    flush();
    let pending: unknown;
    try {
      pending = host.call(request);
    } catch {
      return -1;
    }
    // Kept alive past the run's return, so that a call the code fired and never awaited still
    // reaches the host (and is in the run's report), as it does from a Node sandbox.
    const delivered = deliver(id, pending);
    try {
      keepAlive?.(delivered);
    } catch {
      // the request is over; the call may not arrive, and the host stops waiting for it
    }
    return id;
  };
  const log = (level: unknown, text: unknown): number => {
    if (!live || typeof level !== "string" || typeof text !== "string") return 0;
    batch += `${batch ? "," : ""}[${stringify(level.slice(0, 8))},${stringify(text.slice(0, limits.maxLogBytes))}]`;
    if (!flushing) {
      flushing = true;
      then.call(resolved!, flush);
    }
    return 0;
  };
  const finish = (outcome: unknown): number => {
    if (!live || typeof outcome !== "string") return 0;
    live = false;
    flush();
    const release = settle;
    void (async () => {
      await lastLog;
      // With the number of calls sent: the host waits until it has them all, as it has them all
      // from a Node sandbox (whose frames are written synchronously) before its outcome. One
      // string, never an object: resolving with an object looks up its `then`, which agent code
      // can define on Array.prototype to rewrite what is resolved.
      release?.(`${nextId}\n${outcome}`);
    })();
    return 0;
  };

  let api: ReturnType<Install>;

  return {
    /** Starts the agent's code; resolves with the number of calls it sent, a line break, and the outcome JSON the bootstrap wrote. */
    start(bridge: Bridge, context: { waitUntil(pending: Promise<unknown>): void }, compiled: () => () => Promise<unknown>, limitsJson: string): Promise<string> {
      if (live || settle) return SandboxPromise.resolve('0\n{"ok":false,"error":{"name":"Error","message":"this worker already ran","kind":"agent"}}');
      // The stub's methods and `waitUntil` are taken now, before agent code runs, and never
      // looked up again: the stub has no `call` or `log` of its own (workerd makes RPC methods
      // on lookup, after the prototype chain), so a later `bridge.call` would first meet
      // Object.prototype, which agent code owns, and a getter there would be handed the stub.
      const call = bridge.call;
      const sendLog = bridge.log;
      const waitUntil = context.waitUntil;
      host = { call: (request) => apply(call, bridge, [request]), log: (text) => apply(sendLog, bridge, [text]) };
      keepAlive = (pending) => void apply(waitUntil, context, [pending]);
      limits = parse(limitsJson) as typeof limits;
      resolved = SandboxPromise.resolve();
      lastLog = resolved;
      // Installed here, in the request, for the same reason; agent code has not run yet.
      api = install(send, log, finish, binding, true);
      live = true;
      return new SandboxPromise<string>((resolve) => {
        settle = resolve;
        api.run(compiled, limits);
      });
    },
  };
}

/** The source of the dynamic worker's `boot.js`: the globals kept, the bootstrap, and `start`. */
export function bootModuleSource(): string {
  const keep = [...STANDARD_GLOBALS].filter((key): key is string => typeof key === "string");
  // esbuild's `__name` (when run from TypeScript sources), module-local: see runner.ts.
  return `const __name = (target) => target;\nexport const { start } = (${bootModule.toString()})((${bootstrap.toString()}), ${JSON.stringify(keep)}, ${JSON.stringify(HOST_BINDING)});\n`;
}
