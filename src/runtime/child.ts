/**
 * The sandbox process: a child of the host holding the worker pool, so that a fatal V8 error in
 * a worker (an out-of-memory abort despite `resourceLimits`) takes down this process, not the
 * host. It talks to the host over IPC and to workers over their ports, relaying only checked
 * messages, and ends runs on time, on memory, and when a worker dies.
 */
import { Worker } from "node:worker_threads";
import type { ChildToHost, HostToChild, Outcome, RunLimits } from "./messages.js";
import { parseWorkerMessage } from "./messages.js";

const WORKER_FILE = new URL("./worker.js", import.meta.url);
const DEFAULT_MEMORY_MB = Number(process.argv[2] ?? 128);

interface Run {
  runId: number;
  worker: Worker;
  onExit: () => void;
  limits: RunLimits;
  timer: NodeJS.Timeout;
  watchdog: NodeJS.Timeout;
}

const runs = new Map<number, Run>();
const warm: Worker[] = [];

function spawnWorker(memoryMb: number): Worker {
  const worker = new Worker(WORKER_FILE, {
    env: {},
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, memoryMb / 4)), stackSizeMb: 4 },
  });
  // A warm worker that dies between runs (code the last run left behind) leaves the pool.
  worker.once("exit", () => {
    const index = warm.indexOf(worker);
    if (index >= 0) warm.splice(index, 1);
  });
  return worker;
}

/** A warm worker of the default size, or a new one; the next warm one starts in the background. */
function takeWorker(memoryMb: number): Worker {
  const worker = memoryMb === DEFAULT_MEMORY_MB ? warm.pop() : undefined;
  if (warm.length === 0) setImmediate(() => warm.length === 0 && warm.push(spawnWorker(DEFAULT_MEMORY_MB)));
  return worker ?? spawnWorker(memoryMb);
}

const send = (message: ChildToHost) => process.send?.(message);

function end(run: Run, outcome: Outcome | string, reusable: boolean): void {
  if (!runs.delete(run.runId)) return;
  clearTimeout(run.timer);
  clearInterval(run.watchdog);
  run.worker.removeAllListeners("message").removeAllListeners("error").removeListener("exit", run.onExit);
  if (reusable && run.limits.memoryMb === DEFAULT_MEMORY_MB && warm.length < 2) warm.push(run.worker);
  else void run.worker.terminate();
  send({ t: "done", runId: run.runId, outcome: typeof outcome === "string" ? outcome : JSON.stringify(outcome) });
}

const failure = (kind: "timeout" | "memory" | "crash", name: string, message: string): Outcome => ({ ok: false, error: { name, message, kind } });

function start(runId: number, js: string, shims: string[], limits: RunLimits): void {
  const worker = takeWorker(limits.memoryMb);
  // Growth over the run, not the absolute figure: memory of a worker just killed is freed late.
  const baseline = process.memoryUsage.rss();
  const run: Run = {
    runId,
    worker,
    onExit: () => end(run, failure("crash", "Error", "the sandbox worker exited"), false),
    limits,
    timer: setTimeout(() => end(run, failure("timeout", "TimeoutError", `the code ran longer than ${limits.timeoutMs} ms and was stopped`), false), limits.timeoutMs),
    // Array buffers and some native allocations (Intl) escape the heap limit, and a worker's
    // are not in this thread's `arrayBuffers`: the process's resident memory catches them all.
    watchdog: setInterval(() => {
      if (process.memoryUsage.rss() - baseline > (limits.memoryMb * 2 + 128) * 2 ** 20) {
        end(run, failure("memory", "RangeError", `the code used more than ${limits.memoryMb} MB and was stopped`), false);
      }
    }, 10),
  };
  runs.set(runId, run);
  worker.on("message", (raw: unknown) => {
    const message = parseWorkerMessage(raw, limits.maxResultBytes);
    if (!message) return;
    if (message.t === "done") end(run, message.outcome, true);
    else send({ ...message, runId });
  });
  worker.on("error", (error: Error & { code?: string }) => {
    const memory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
    end(run, memory ? failure("memory", "RangeError", `the code ran out of its ${limits.memoryMb} MB heap and was stopped`) : failure("crash", "Error", `the sandbox failed: ${error.message}`), false);
  });
  worker.on("exit", run.onExit);
  worker.postMessage({ t: "run", js, shims, limits });
}

process.on("message", (message: HostToChild) => {
  if (message?.t === "run") start(message.runId, message.js, message.shims, message.limits);
  else if (message?.t === "result") runs.get(message.runId)?.worker.postMessage({ t: "result", id: message.id, response: message.response });
});
process.on("disconnect", () => process.exit(0));
warm.push(spawnWorker(DEFAULT_MEMORY_MB));
send({ t: "ready" });
