/**
 * A sandbox worker thread. Each run gets a fresh `vm` context (no Node globals, string and
 * WebAssembly code generation off) with the bootstrap, the shims and the agent's code.
 * The host functions it hands in take and return only strings and numbers and never throw.
 */
import vm from "node:vm";
import { parentPort } from "node:worker_threads";
import { HOST_BINDING } from "../protocol.js";
import { bootstrap } from "./bootstrap.js";
import type { ChildToWorker, RunLimits, WorkerToChild } from "./messages.js";
import { AGENT_FILE } from "./messages.js";

type SandboxApi = ReturnType<typeof bootstrap>;

const BOOTSTRAP = `(${bootstrap.toString()})`;
// A promise the agent rejects and never handles must not end this worker (Node's default).
process.on("unhandledRejection", () => {});
const port = parentPort!;
let deliver: SandboxApi["deliver"] | undefined;
/** The next run's context, built while the worker was idle, for the same shims and limits. */
let next: Sandbox | undefined;

port.on("message", (message: ChildToWorker) => {
  if (message.t === "run") start(message.js, message.shims, message.limits);
  else if (message.t === "result") {
    try {
      deliver?.(message.id, message.response);
    } catch {
      // a response for a run whose context misbehaves: dropped
    }
  }
});

/** A context with the bootstrap and shims in place, waiting for agent code. */
interface Sandbox {
  shims: string[];
  limits: RunLimits;
  api: SandboxApi;
  context: vm.Context;
  /** Set when the run starts: until then, and after it ends, the host functions refuse. */
  state: { live: boolean };
}

function start(js: string, shims: string[], limits: RunLimits): void {
  const reusable = next && sameInputs(next, shims, limits);
  const sandbox = reusable ? next! : build(shims, limits);
  next = undefined;
  if (!sandbox) return;
  sandbox.state.live = true;
  try {
    const agent = vm.runInContext(js, sandbox.context, { filename: AGENT_FILE, displayErrors: false }) as () => Promise<unknown>;
    deliver = sandbox.api.deliver;
    sandbox.api.run(agent);
  } catch (error) {
    fail(`the agent code could not start: ${String((error as Error)?.message)}`);
  }
}

function sameInputs(sandbox: Sandbox, shims: string[], limits: RunLimits): boolean {
  const keys = Object.keys(limits) as (keyof RunLimits)[];
  return sandbox.shims.length === shims.length && sandbox.shims.every((shim, i) => shim === shims[i]) && keys.every((k) => sandbox.limits[k] === limits[k]);
}

function fail(message: string): void {
  port.postMessage({ t: "done", outcome: JSON.stringify({ ok: false, error: { name: "Error", message, kind: "crash" } }) } satisfies WorkerToChild);
}

/** Builds a fresh context with host functions that work only while its run is live. */
function build(shims: string[], limits: RunLimits): Sandbox | undefined {
  const state = { live: false };
  let calls = 0;
  const post = (message: WorkerToChild) => port.postMessage(message);
  const send = (request: unknown): number => {
    try {
      if (!state.live || typeof request !== "string" || request.length > limits.maxResultBytes) return -1;
      if (++calls > limits.maxToolCalls) return -2;
      post({ t: "call", id: calls, request });
      return calls;
    } catch {
      return -1;
    }
  };
  const log = (level: unknown, text: unknown): number => {
    try {
      if (state.live && typeof level === "string" && typeof text === "string") post({ t: "log", level, text: text.slice(0, limits.maxLogBytes) });
    } catch {
      // dropped
    }
    return 0;
  };
  const finish = (outcome: unknown): number => {
    try {
      if (!state.live || typeof outcome !== "string") return 0;
      state.live = false;
      post({ t: "done", outcome });
      // Idle now: prepare the next run's context while the host reads this one's result.
      setImmediate(() => (next ??= build(shims, limits)));
    } catch {
      // the child's timeout ends the run
    }
    return 0;
  };
  try {
    // DONT_CONTEXTIFY: an ordinary global of the new realm, no host object behind it.
    const context = vm.createContext(vm.constants.DONT_CONTEXTIFY as unknown as vm.Context, {
      name: "codemode agent",
      codeGeneration: { strings: false, wasm: false },
    });
    const install = vm.runInContext(BOOTSTRAP, context, { filename: "codemode:bootstrap" }) as typeof bootstrap;
    const api = install(send, log, finish, HOST_BINDING, limits.maxLogBytes, limits.maxResultBytes);
    for (const shim of shims) vm.runInContext(shim, context, { filename: "codemode:shim" });
    return { shims, limits, api, context, state };
  } catch (error) {
    fail(`the sandbox could not start: ${String((error as Error)?.message)}`);
    return undefined;
  }
}
