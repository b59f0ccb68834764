import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CodemodeError } from "../errors.js";
import { checkerCommand, CheckerProcess } from "../typecheck/checker-process.js";
import type { CheckerReply } from "../typecheck/serve.js";
import { discardCheckerSnapshot, existingCheckerSnapshot } from "../typecheck/snapshot-file.js";

/** The thread's compiled entry: beside this module in `dist/`, or in `dist/` when running from `src/`. */
function threadEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const dist = here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
  return path.join(dist, "compile", "thread.js");
}

/** Where the compile check runs: a process from the type checker's snapshot, or a thread. Both take `{ id, compile }` and answer with a `CompileReply`. */
type Compiler = CheckerProcess | Worker;

let compiler: Compiler | undefined;
/** Set once a process from the snapshot died before answering: this process's next compilers are threads. */
let snapshotFailed = false;
let nextId = 0;
/** Compiles waiting for their answer, by id, each with the compiler it went to: a stopped one's end fails its own only. */
const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void; to: Compiler }>();
const waitsOn = (target: Compiler) => [...pending.values()].some((waiting) => waiting.to === target);
/** Compilers a compile was sent to. */
const used = new WeakSet<Compiler>();

/**
 * A process started from the type checker's snapshot (`typecheck/snapshot-file.ts`), which holds
 * TypeScript loaded and the compile check's lib bound: ready in about half the time a thread
 * takes to load them, on less CPU, while this thread emits and formats. Undefined until the first
 * `codemode generate` of an install made the snapshot, or where its process could outlive this
 * one (`checkerCommand`).
 */
function startProcess(): CheckerProcess | undefined {
  const snapshot = snapshotFailed ? undefined : existingCheckerSnapshot();
  const command = snapshot ? checkerCommand(snapshot) : undefined;
  if (!snapshot || !command) return undefined;
  const started = new CheckerProcess(command, (damaged) => {
    snapshotFailed = true;
    if (damaged) discardCheckerSnapshot(snapshot);
  });
  // A first answer shows the snapshot works: a death after it (out of memory on huge typings) is
  // the check's, and must not count as a damaged snapshot, which would be deleted. Answered as
  // soon as the process is up, before the typings come; nothing waits on it but the process's
  // hold on its host, which ends with that answer.
  started.postMessage({ id: 0, compile: "export {};\n" });
  started.unref();
  return started;
}

function startThread(): Worker {
  const started = new Worker(threadEntry());
  started.unref();
  return started;
}

/**
 * Starts the compile check's process or thread (once per process), so TypeScript is ready on the
 * other core while this one works. Call it as soon as a compile check is likely;
 * {@link compileInBackground} starts it too. It does not keep the process alive while no check
 * is waiting.
 */
export function startCompiler(): void {
  if (!compiler) adopt(startProcess() ?? startThread());
}

/** Makes `started` this process's compiler: its answers settle the checks waiting on them, its end fails them. */
function adopt(started: Compiler): void {
  started.on("message", (reply: CheckerReply) => {
    if (!("compiled" in reply)) return;
    const waiting = pending.get(reply.id);
    if (!waiting || waiting.to !== started) return;
    pending.delete(reply.id);
    if (!waitsOn(started)) started.unref();
    if (reply.failed) waiting.reject(new CodemodeError("COMPILE_FAILED", reply.failed.message, { problems: reply.failed.problems }));
    else if (reply.error) waiting.reject(new Error(`the compile check failed: ${reply.error}`));
    else waiting.resolve();
  });
  const fail = (error: Error) => {
    if (compiler === started) compiler = undefined;
    for (const [id, waiting] of pending) {
      if (waiting.to !== started) continue;
      pending.delete(id);
      waiting.reject(error);
    }
  };
  // A process that dies after its first answer says why in its "error" (out of memory, a signal), before its "exit".
  started.on("error", (error: Error) => fail(new Error(`the compile check failed: ${error.message}`)));
  started.on("exit", (code: number) => fail(new Error(started instanceof Worker ? `the compile check's thread exited (code ${code})` : "the compile check's process ended before it answered")));
  compiler = started;
}

/**
 * Starts the compile check's process from the snapshot before the CLI loads (`bin/codemode.js`,
 * for `generate`), when a snapshot and its parent-death signal can be had: deserialising it is
 * most of the time a regeneration waits on the check, and it overlaps the CLI's own start then.
 * A generate with nothing to compile stops it at once ({@link stopUnusedCompiler}).
 */
export function prestartCompiler(): void {
  const started = compiler ? undefined : startProcess();
  if (started) adopt(started);
}

/** Stops a compiler no check has used (a generate whose packages are all fingerprinted): its start costs the other core. */
export function stopUnusedCompiler(): void {
  if (!compiler || used.has(compiler)) return;
  const stopping = compiler;
  compiler = undefined;
  void stopping.terminate();
}

/**
 * The compile check (see `check.ts`) of the root typings, run in the compiler's process or thread:
 * rejects with COMPILE_FAILED as `compileCheck` throws, or with another error when the check
 * could not run there.
 */
export function compileInBackground(rootTypings: string): Promise<void> {
  startCompiler();
  const running = compiler!;
  const id = ++nextId;
  return new Promise<void>((resolve, reject) => {
    pending.set(id, { resolve, reject, to: running });
    used.add(running);
    if (running instanceof Worker) {
      running.ref();
      running.postMessage({ id, compile: rootTypings });
      // A process holds its host itself while a request waits; one already going answers nothing.
    } else if (!running.postMessage({ id, compile: rootTypings })) {
      pending.delete(id);
      reject(new Error("the compile check's process ended before it answered"));
    }
  });
}
