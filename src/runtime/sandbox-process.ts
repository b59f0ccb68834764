import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import type { ExecutorSlot, RunHandlers } from "./executor.js";
import { holdHost } from "../util/child-hold.js";
import { launchCommand, sandboxEntry, sandboxNodeArgs, type IsolationLevel } from "./isolation.js";
import { forgetJail, jailMark } from "./jail-mark.js";
import { LOG_ENTRY_BYTES } from "./logs.js";
import { residentBytes, watchResidentMemory } from "./resident-memory.js";
import { classifyOutcome, verdict, type HostOutcome } from "./outcome.js";
import { encodeFrame, FrameError, FrameReader, type HostFrame, type SandboxLimits } from "./wire.js";

/** A sandbox that has not started by then (a machine far too busy, a jail that hangs) is given up. */
const START_TIMEOUT_MS = 30_000;

/**
 * The host's handle on one sandbox process, which runs exactly one run and is then killed. The
 * host decides every outcome that is not the agent's own: it times the run, watches the
 * process's resident memory (array buffers and native allocations escape the heap limit), and
 * treats any frame it cannot parse, or any death, as a crash of that run alone.
 */
export class SandboxProcess implements ExecutorSlot {
  private readonly child: ChildProcess;
  private readonly reader: FrameReader;
  private stderr = "";
  private handlers: RunHandlers | undefined;
  /** Calls the run may make, and those it made: codemode's sandbox refuses the ones past the limit itself. */
  private maxCalls = 0;
  private calls = 0;
  /** Log frames the run may send, and those it sent: codemode's sandbox counts each entry as 16 bytes at least, and stops at the budget. */
  private maxLogs = 0;
  private logs = 0;
  private settle: ((outcome: HostOutcome) => void) | undefined;
  private verdict: HostOutcome | undefined;
  private exited = false;
  /** Whether this host killed it (a run's end, its start limit, a pool closing), rather than its dying of its own. */
  private killed = false;
  /** Answers the sandbox has not read, in bytes, past which it is stopped: it holds host memory. */
  private readonly maxUnread: number;
  /** Resolves with whether the sandbox came up. */
  readonly ready: Promise<boolean>;
  /** The pid of the Node process itself (inside the namespaces, a child of `unshare`). */
  nodePid: number | undefined;
  stacks = false;
  /** Resident memory when the sandbox came up, read then rather than on the run's critical path. */
  private baseline: number | undefined;
  /** codemode's own sandbox in the jail: its dying before it comes up may mean the jail is refused now. */
  private readonly jailed: boolean;

  constructor(
    level: IsolationLevel,
    readonly memoryMb: number,
    /** The servers' shims; a promise when the process starts before they are read (see `createRuntime`). */
    shims: string[] | Promise<string[]>,
    maxFrameBytes: number,
    /** Another entry than codemode's sandbox: only the simulated-escape test sets it. */
    entry?: string,
  ) {
    const { command, args } = launchCommand(level, sandboxNodeArgs(memoryMb, entry));
    this.jailed = level === "jail" && entry === undefined;
    this.child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe", "pipe"], env: {}, detached: false });
    this.reader = new FrameReader(maxFrameBytes);
    this.maxUnread = 2 * maxFrameBytes;
    let markReady: (up: boolean) => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    const startTimer = setTimeout(() => this.kill(), START_TIMEOUT_MS);
    // Until its shims are sent, the sandbox waits for this host, not the other way round: a
    // sandbox started ahead that nobody takes (`prestartSandboxes`) must not keep its host
    // alive. From then on, the start limit holds the host until the sandbox is up.
    startTimer.unref();
    void this.ready.then(() => clearTimeout(startTimer));
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => (this.stderr = (this.stderr + text).slice(-4000)));
    (this.child.stdio[3] as Readable).on("data", (chunk: Buffer) => this.onBytes(chunk, markReady));
    (this.child.stdin as Writable).on("error", () => {});
    this.child.once("error", () => this.onExit(markReady));
    this.child.once("exit", () => this.onExit(markReady));
    // Sent when known: the sandbox waits for them, and says it is ready only after.
    void Promise.resolve(shims).then(
      (list) => {
        this.send({ t: "init", shims: list });
        startTimer.ref();
      },
      () => this.kill(),
    );
    // A waiting sandbox keeps no host alive (a script that forgot `close()` still exits, and the
    // sandbox dies with it); a running one is kept alive by its run's timer.
    holdHost(this.child, false);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** What the sandbox printed last, for a crash report. */
  get stderrTail(): string {
    return this.stderr.trim();
  }

  /** Runs prepared code; resolves with the outcome, whatever the sandbox does. Then the process is killed. */
  run(js: string, limits: SandboxLimits, timeoutMs: number, handlers: RunHandlers): Promise<HostOutcome> {
    this.handlers = handlers;
    this.maxCalls = limits.maxToolCalls;
    this.maxLogs = Math.floor(limits.maxLogBytes / LOG_ENTRY_BYTES) + 1;
    const outcome = new Promise<HostOutcome>((resolve) => (this.settle = resolve));
    if (this.exited) this.conclude(verdict.death("the sandbox process", this.stderr, this.memoryMb));
    const timer = setTimeout(() => this.conclude(verdict.timeout(timeoutMs)), timeoutMs);
    const stopWatching = watchResidentMemory(this.nodePid, this.baseline, this.memoryMb, () => this.conclude(verdict.memory(this.memoryMb)));
    this.send({ t: "run", js, limits });
    return outcome.finally(() => {
      clearTimeout(timer);
      stopWatching();
      this.kill();
    });
  }

  /** Answers a tool call, while the run lasts. A sandbox that leaves its answers unread past a limit is stopped. */
  respond(id: number, response: string): void {
    if (this.verdict) return;
    const unread = (this.child.stdin as Writable).writableLength;
    if (unread > this.maxUnread) {
      this.conclude({ ok: false, error: { name: "RangeError", message: `the code left ${Math.round(unread / 2 ** 20)} MiB of tool results unread and was stopped`, kind: "limit" } });
      this.kill();
      return;
    }
    this.send({ t: "result", id, response });
  }

  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill("SIGKILL");
  }

  private send(frame: HostFrame): void {
    if (!this.exited) (this.child.stdin as Writable).write(encodeFrame(frame));
  }

  private onBytes(chunk: Buffer, markReady: (up: boolean) => void): void {
    if (this.verdict) return;
    let frames: unknown[];
    try {
      frames = this.reader.push(chunk);
    } catch (error) {
      this.protocolError(error instanceof FrameError ? error.message : "unreadable bytes");
      return;
    }
    for (const raw of frames) {
      const frame = raw as Record<string, unknown>;
      if (frame?.t === "ready" && this.nodePid === undefined) {
        this.nodePid = nodeProcessId(this.child.pid!);
        this.baseline = residentBytes(this.nodePid);
        this.stacks = frame.stacks === true;
        markReady(true);
      } else if (frame?.t === "call" && Number.isSafeInteger(frame.id) && typeof frame.request === "string" && this.handlers) {
        // Codemode's sandbox never sends a call past the run's limit: one that does is not codemode's
        // any more, and a flood of them would hold the host's thread answering each.
        if (++this.calls > this.maxCalls) this.protocolError("more tool calls than the run allows");
        else this.handlers.onCall(frame.id as number, frame.request);
      } else if (frame?.t === "log" && typeof frame.level === "string" && typeof frame.text === "string" && this.handlers) {
        if (++this.logs > this.maxLogs) this.protocolError("more log entries than the run's log budget allows");
        else this.handlers.onLog(frame.level, frame.text);
      } else if (frame?.t === "done" && typeof frame.outcome === "string" && this.handlers) {
        this.conclude(classifyOutcome(frame.outcome));
      } else {
        this.protocolError("an unexpected message");
      }
      if (this.verdict) return;
    }
  }

  private protocolError(what: string): void {
    this.conclude({ ok: false, error: { name: "Error", message: `the sandbox sent ${what} and was stopped`, kind: "crash" } });
    this.kill();
  }

  private conclude(outcome: HostOutcome): void {
    if (this.verdict) return;
    this.verdict = outcome;
    this.settle?.(outcome);
  }

  private onExit(markReady: (up: boolean) => void): void {
    if (this.exited) return;
    this.exited = true;
    // A jail that a mark named (see `jail-mark.ts`) may be refused since: the next process probes.
    if (this.jailed && this.nodePid === undefined && !this.killed) forgetJail(jailMark(sandboxEntry()));
    markReady(false);
    if (this.settle) this.conclude(verdict.death("the sandbox process", this.stderr, this.memoryMb));
  }
}

/** The Node process under `unshare` (its only child), or the spawned process itself. */
function nodeProcessId(pid: number): number {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return children.length === 1 ? Number(children[0]) : pid;
  } catch {
    return pid;
  }
}
