import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TypeDiagnostic } from "./checker.js";
import { checkerCommand, CheckerProcess } from "./checker-process.js";
import type { CheckerRequest } from "./serve.js";
import { CHECKER_HEAP_MB, discardCheckerSnapshot, existingCheckerSnapshot } from "./snapshot-file.js";

/** The worker's compiled entry: beside this module in `dist/`, or in `dist/` when running from `src/`. */
function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const dist = here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
  return path.join(dist, "typecheck", "worker.js");
}

/** A check run again this many times at most when its thread dies under it without its doing. */
const MAX_ATTEMPTS = 4;
/**
 * The longest one check may hold the thread, whatever its run's timeout: checks take turns on
 * it, so this is the longest a hostile check makes the others wait. Agent code checks in
 * milliseconds; only code written to make the checker work (recursive types) comes near it.
 */
const MAX_CHECK_MS = 10_000;
/**
 * The longest one check may hold the thread while another check waits for it: a few hostile
 * checks in a row would otherwise hold an innocent one back for {@link MAX_CHECK_MS} each. It
 * shrinks as more checks wait (down to {@link MIN_CONTENDED_CHECK_MS}), so that a queue of
 * hostile checks ahead of an innocent one passes in about the same time however long it is.
 */
const CONTENDED_CHECK_MS = 3000;
const MIN_CONTENDED_CHECK_MS = 500;
/**
 * How long a checker may take to start, whatever the run's timeout: a thread loads TypeScript
 * first, which on a busy machine takes seconds. As long as a sandbox is given to start.
 */
const START_TIMEOUT_MS = 30_000;
/** How long a check may take when the caller gives no limit. */
const DEFAULT_CHECK_MS = 30_000;

/** How long a check may hold the thread while `waiting` others wait for it. */
function contendedLimit(waiting: number): number {
  return Math.max(MIN_CONTENDED_CHECK_MS, Math.floor(CONTENDED_CHECK_MS / waiting));
}

/**
 * Where a checker runs: a worker thread, or a process started from the checker's snapshot
 * (`checker-process.ts`), which behaves as a thread does.
 */
interface CheckerHost {
  postMessage(request: CheckerRequest): void;
  // `any`, as both hosts declare their listeners (a Worker's and an EventEmitter's).
  on(event: "message" | "error" | "exit", listener: (...args: any[]) => void): unknown;
  once(event: "message" | "error" | "exit", listener: (...args: any[]) => void): unknown;
  terminate(): Promise<number>;
}

/** The checker `prestartTypeChecker` started, and whether it died before a client took it. */
let prestarted: { host: CheckerHost; dead: boolean } | undefined;

/**
 * Starts a checker now, for the next {@link TypeCheckClient} to take. `codemode run` calls it
 * before it loads anything else (`bin/codemode.js`): the checker, which loads TypeScript and
 * parses its libs, is the longest path of a checked run, and it then overlaps the CLI's own
 * loading. `snapshot` as for {@link startChecker}. One nobody takes holds no process open, and
 * dies with it.
 */
export function prestartTypeChecker(snapshot: string | null = existingCheckerSnapshot() ?? null): void {
  if (prestarted) return;
  const entry = { host: startChecker(snapshot), dead: false };
  // Listened to at once: an error nobody listens to would end the host.
  entry.host.once("error", () => (entry.dead = true));
  entry.host.once("exit", () => (entry.dead = true));
  prestarted = entry;
}

/** The checker started ahead if it is alive, or a new one. */
function takeChecker(): CheckerHost {
  const taken = prestarted;
  prestarted = undefined;
  if (taken && !taken.dead) return taken.host;
  return startChecker(existingCheckerSnapshot() ?? null);
}

/**
 * A new checker: where the checker's snapshot has been made (`snapshot-file.ts`), a process started
 * from it, ready in about 0.1 s on a third of the CPU; else (given `null`, or where the process
 * could outlive this one: see `checkerCommand`) a thread, which loads TypeScript and binds its
 * libs first.
 */
function startChecker(snapshot: string | null): CheckerHost {
  const usable = snapshot && !refusedSnapshots.has(snapshot) ? snapshot : undefined;
  const command = usable ? checkerCommand(usable) : undefined;
  return usable && command ? startProcess(usable, command) : startThread();
}

/**
 * Snapshots a checker died on before answering, in this process: the next checkers are threads,
 * whether or not the file could be removed (a folder this user cannot write).
 */
const refusedSnapshots = new Set<string>();

function startThread(): Worker {
  const worker = new Worker(workerEntry(), { resourceLimits: { maxOldGenerationSizeMb: CHECKER_HEAP_MB } });
  worker.unref();
  return worker;
}

function startProcess(snapshot: string, command: string[]): CheckerProcess {
  const checker = new CheckerProcess(command, (damaged) => {
    refusedSnapshots.add(snapshot);
    if (damaged) discardCheckerSnapshot(snapshot);
  });
  checker.unref();
  return checker;
}

/** A check that could not finish: too slow, out of memory or stack, or a checker that died. The checker is replaced. */
export class TypeCheckFailure extends Error {}

/** A check that never had the thread: other runs' checks held it for the whole of this run's time, or it did not start. Not the code's doing. */
export class CheckerBusy extends TypeCheckFailure {}

/**
 * A type checker, started at once and warmed in the background: a process from the checker's
 * snapshot, or a worker thread (see {@link startChecker}); "the thread" below is either.
 * `check` waits for it the first time, and answers in milliseconds after that. The typings may
 * come later than the thread: it loads TypeScript and its libs meanwhile. Agent code can make a
 * check as costly as it likes, so each is bounded in time (the run's timeout, and at most
 * {@link MAX_CHECK_MS}) and memory (the thread's heap); a thread that failed one is stopped, and
 * the next check starts another. The thread is given one check at a time: the others wait their
 * turn here, where a check whose time runs out leaves without touching the thread, so only the
 * check that is running can be blamed for it, and a hostile run holds the others back for at
 * most {@link CONTENDED_CHECK_MS}: the limit of a check while another waits.
 */
export class TypeCheckClient {
  private readonly typings: Promise<string>;
  private thread: CheckerThread;
  private closed = false;
  /** Whether a check has the thread, and the checks waiting for it, first first. */
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    typings: string | Promise<string>,
    /** How long a checker may take to start (tests shorten it). */
    private readonly startTimeoutMs = START_TIMEOUT_MS,
  ) {
    this.typings = Promise.resolve(typings);
    this.typings.catch(() => {});
    this.thread = new CheckerThread(this.typings, startTimeoutMs);
  }

  /** The type errors of `code`; throws {@link TypeCheckFailure} when the check cannot finish within `timeoutMs` or the thread's heap. */
  async check(code: string, timeoutMs = DEFAULT_CHECK_MS): Promise<TypeDiagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    await this.turn(deadline);
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.closed) throw new TypeCheckFailure("the type checker is closed");
        if (this.thread.stopped) this.thread = new CheckerThread(this.typings, this.startTimeoutMs);
        const thread = this.thread;
        try {
          const alone = Math.max(1, Math.min(MAX_CHECK_MS, deadline - Date.now()));
          // A check that runs out of time names the limit the run was given, not what was left of it
          // when the check began (a busy machine's millisecond made "1499 ms" of a 1500 ms run).
          return await thread.check(code, alone, this.waiting.length > 0 ? contendedLimit(this.waiting.length) : undefined, Math.min(MAX_CHECK_MS, timeoutMs));
        } catch (error) {
          // The thread died under this check without its doing (it failed to start, or was
          // closed): the check runs again on a new thread in the time it has left.
          if (error instanceof ThreadStopped && !this.closed && Date.now() < deadline && attempt < MAX_ATTEMPTS) continue;
          void thread.stop();
          throw error instanceof TypeCheckFailure ? error : new TypeCheckFailure(String((error as Error)?.message ?? error).split("\n")[0]);
        }
      }
    } finally {
      this.release();
    }
  }

  /** Waits until the thread is free for this check; throws when `deadline` comes first (the thread is left alone). */
  private async turn(deadline: number): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return;
    }
    this.thread.contended(contendedLimit(this.waiting.length + 1));
    await new Promise<void>((resolve, reject) => {
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(go), 1);
        // One fewer waits: the running check gets back the time this one took from it.
        this.thread.contended(this.waiting.length > 0 ? contendedLimit(this.waiting.length) : undefined);
        reject(new CheckerBusy("other runs' checks held the checker for the whole of this run's time"));
      }, Math.max(1, deadline - Date.now()));
      this.waiting.push(go);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }

  close(): Promise<number> {
    this.closed = true;
    return this.thread.stop();
  }
}

/** The failure of a check whose thread ended without its doing: it failed to start, or was closed. */
class ThreadStopped extends TypeCheckFailure {}

/** A check the thread is running, answered by `id`. */
interface Running {
  id: number;
  resolve: (diagnostics: TypeDiagnostic[]) => void;
  reject: (error: Error) => void;
}

/** One checker (a thread, or a process started from the snapshot), given one check at a time (the client queues the others). */
class CheckerThread {
  private readonly worker: CheckerHost;
  private readonly ready: Promise<void>;
  private running: Running | undefined;
  /** Ends the running check at `limitMs` from its start when that is sooner than its own limit, or at its own limit (undefined). */
  private limitRunning: ((limitMs: number | undefined) => void) | undefined;
  /** A limit for the check about to run (it waits for the thread to start), from a check that queued meanwhile. */
  private contention: number | undefined;
  private nextId = 0;
  private failReady: (error: Error) => void = () => {};
  stopped = false;

  constructor(
    typings: Promise<string>,
    private readonly startTimeoutMs: number,
  ) {
    this.worker = takeChecker();
    this.ready = new Promise((resolve, reject) => {
      this.failReady = reject;
      this.worker.once("message", () => resolve());
      this.worker.once("error", reject);
      typings.then((text) => this.post({ typings: text }), reject);
    });
    this.ready.catch(() => {});
    this.worker.on("message", (message: { id?: number; diagnostics?: TypeDiagnostic[]; error?: string }) => {
      const running = this.running;
      if (!running || message.id !== running.id) return;
      this.running = undefined;
      if (message.diagnostics) running.resolve(message.diagnostics);
      else running.reject(new TypeCheckFailure(message.error ?? "the checker failed"));
    });
    this.worker.on("error", (error) => {
      // The check it was running failed it (its heap, its stack).
      this.stopped = true;
      this.running?.reject(new TypeCheckFailure((error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY" ? "it ran out of memory" : error.message.split("\n")[0]!));
      this.running = undefined;
    });
    // However the thread ends (stopped after a check took too long, or closed), no check is left waiting on it.
    this.worker.once("exit", () => this.failAll());
  }

  /**
   * Runs one check, for at most `aloneMs`, and at most `contendedMs` (from its start) while other
   * checks wait; {@link contended} changes the latter while it runs. `namedMs` is the limit a
   * check that runs out of time alone names.
   */
  async check(code: string, aloneMs: number, contendedMs?: number, namedMs = aloneMs): Promise<TypeDiagnostic[]> {
    // A checker that never starts (a machine out of processes, a process stopped) must not hold
    // the run for ever; its start is not the code's doing, so it has a limit of its own.
    let startTimer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.ready,
        new Promise((_, reject) => (startTimer = setTimeout(() => reject(new CheckerBusy(`the checker did not start within ${this.startTimeoutMs} ms`)), this.startTimeoutMs))),
      ]);
    } finally {
      clearTimeout(startTimer);
    }
    if (this.stopped) throw new ThreadStopped("the checker's thread was stopped");
    // Others queued while this thread started.
    if (this.contention !== undefined) contendedMs = Math.min(contendedMs ?? Infinity, this.contention);
    const id = ++this.nextId;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<TypeDiagnostic[]>((resolve, reject) => {
        this.running = { id, resolve, reject };
        const started = Date.now();
        this.limitRunning = (limitMs) => {
          const contended = limitMs !== undefined && limitMs < aloneMs;
          const limit = contended ? limitMs : aloneMs;
          const why = new TypeCheckFailure(`it took longer than ${contended ? `${limit} ms while other runs' checks waited` : `${namedMs} ms`}`);
          clearTimeout(timer);
          timer = setTimeout(() => reject(why), Math.max(1, started + limit - Date.now()));
        };
        this.limitRunning(contendedMs);
        this.post({ id, code });
      });
    } finally {
      clearTimeout(timer);
      this.limitRunning = undefined;
      this.contention = undefined;
      if (this.running?.id === id) this.running = undefined;
    }
  }

  /**
   * Others wait for the thread: the running check (or the one waiting for the thread to start)
   * may hold it for `limitMs` from its start at most; undefined when none waits any more.
   */
  contended(limitMs: number | undefined): void {
    if (this.limitRunning) this.limitRunning(limitMs);
    else this.contention = limitMs;
  }

  private post(request: CheckerRequest): void {
    this.worker.postMessage(request);
  }

  private failAll(): void {
    this.stopped = true;
    const stopped = new ThreadStopped("the checker's thread was stopped");
    this.failReady(stopped);
    this.running?.reject(stopped);
    this.running = undefined;
  }

  stop(): Promise<number> {
    this.failAll();
    return this.worker.terminate();
  }
}
