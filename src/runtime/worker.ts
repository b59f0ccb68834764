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

function start(js: string, shims: string[], limits: RunLimits): void {
  let live = true;
  let calls = 0;
  const post = (message: WorkerToChild) => port.postMessage(message);
  const send = (request: unknown): number => {
    try {
      if (!live || typeof request !== "string" || request.length > limits.maxResultBytes) return -1;
      if (++calls > limits.maxToolCalls) return -2;
      post({ t: "call", id: calls, request });
      return calls;
    } catch {
      return -1;
    }
  };
  const log = (level: unknown, text: unknown): number => {
    try {
      if (live && typeof level === "string" && typeof text === "string") post({ t: "log", level, text: text.slice(0, limits.maxLogBytes) });
    } catch {
      // dropped
    }
    return 0;
  };
  const finish = (outcome: unknown): number => {
    try {
      if (!live || typeof outcome !== "string") return 0;
      live = false;
      post({ t: "done", outcome });
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
    const agent = vm.runInContext(js, context, { filename: AGENT_FILE, displayErrors: false }) as () => Promise<unknown>;
    deliver = api.deliver;
    api.run(agent);
  } catch (error) {
    finish(JSON.stringify({ ok: false, error: { name: "Error", message: `the sandbox could not start: ${String((error as Error)?.message)}`, kind: "crash" } }));
  }
}
