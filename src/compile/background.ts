import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CodemodeError } from "../errors.js";
import type { CompileReply } from "./thread.js";

/** The thread's compiled entry: beside this module in `dist/`, or in `dist/` when running from `src/`. */
function threadEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const dist = here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
  return path.join(dist, "compile", "thread.js");
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

/**
 * Starts the compile check's thread (once per process), so TypeScript loads on the other core
 * while this one works. Call it as soon as a compile check is likely; {@link compileInBackground}
 * starts it too. The thread does not keep the process alive while no check is waiting.
 */
export function startCompiler(): void {
  if (worker) return;
  const started = new Worker(threadEntry());
  started.unref();
  started.on("message", (reply: CompileReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if (reply.failed) waiting.reject(new CodemodeError("COMPILE_FAILED", reply.failed.message, { problems: reply.failed.problems }));
    else if (reply.error) waiting.reject(new Error(`the compile check failed: ${reply.error}`));
    else waiting.resolve();
  });
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`the compile check's thread exited (code ${code})`)));
  worker = started;
}

/** The compile check (see `check.ts`) of the root typings, run in the thread: rejects with COMPILE_FAILED as `compileCheck` throws. */
export function compileInBackground(rootTypings: string): Promise<void> {
  startCompiler();
  const thread = worker!;
  const id = ++nextId;
  return new Promise<void>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    thread.ref();
    thread.postMessage({ id, typings: rootTypings });
  });
}
