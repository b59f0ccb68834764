import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ExecutorSlot, RunHandlers } from "../executor.js";
import { classifyOutcome, verdict, type HostOutcome } from "../outcome.js";
import type { SandboxLimits } from "../wire.js";
import type { HostChannel } from "./host-channel.js";
import { LineError, LineReader } from "./line-reader.js";
import { residentBytes, watchResidentMemory } from "../resident-memory.js";
import type { WorkerdProcess } from "./workerd-process.js";

/** After the stream ends with no outcome, how long a dying process gets to be seen dying. */
const EXIT_GRACE_MS = 1000;
/** How long an outcome waits for calls the run sent that have not reached the host yet. */
const CALLS_GRACE_MS = 5000;
/** workerd's word for a run whose promise can never settle (nothing left to wait for). */
const HUNG = /hung and would never generate a response/;

const crash = (message: string): HostOutcome => ({ ok: false, error: { name: "Error", message, kind: "crash" } });

/**
 * One run in a workerd process. The host names the run with 128 random bits, which only the
 * runner's stub for this run carries back; it times the run, watches the process's resident
 * memory, reads the runner's stream under the same frame cap as a Node sandbox's, and passes the
 * reported outcome through `classifyOutcome`. A timeout or memory verdict kills the process
 * (workerd cannot stop one isolate's loop), and so does anything it cannot parse; the executor
 * starts another.
 */
export class WorkerdSlot implements ExecutorSlot {
  private verdict: HostOutcome | undefined;
  private settle: ((outcome: HostOutcome) => void) | undefined;
  private readonly replies = new Map<number, (response?: string) => void>();
  private nextId = 0;
  /** Characters of log batches received. */
  private logged = 0;
  /** The outcome, held until the calls the run says it sent have all arrived. */
  private held: { outcome: string; calls: number } | undefined;
  /** Whether this run had the process killed. */
  private killed = false;
  private dyingTimer: NodeJS.Timeout | undefined;
  /** Resolves when the runner's stream for this run has ended, or the process has: the isolate is done. */
  private markEnded: () => void = () => {};
  private readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));

  constructor(
    private readonly process: WorkerdProcess,
    private readonly channel: HostChannel,
    private readonly shims: string[],
    private readonly maxFrameBytes: number,
    private readonly release: (process: WorkerdProcess, healthy: boolean) => void,
  ) {}

  run(js: string, limits: SandboxLimits, timeoutMs: number, handlers: RunHandlers): Promise<HostOutcome> {
    const name = randomBytes(16).toString("hex");
    const outcome = new Promise<HostOutcome>((resolve) => (this.settle = resolve));
    const closeChannel = this.channel.open(name, {
      call: (request, reply) => {
        if (this.verdict) return reply();
        // Codemode's bootstrap never sends a call past the run's limit (as from a Node sandbox):
        // a run that does is not codemode's any more, and is stopped rather than answered.
        if (this.nextId >= limits.maxToolCalls) {
          reply();
          return this.stop(crash("the sandbox sent more tool calls than the run allows and was stopped"));
        }
        const id = ++this.nextId;
        this.replies.set(id, reply);
        handlers.onCall(id, request);
        if (this.held && this.nextId >= this.held.calls) this.conclude(classifyOutcome(this.held.outcome));
      },
      log: (batch) => {
        if (this.verdict) return;
        // The log sink keeps the budget. Codemode's bootstrap sends at most the budget, each
        // character escaped to six at worst: past twice that, the run is not codemode's any more.
        if ((this.logged += batch.length) > 2 * (6 * limits.maxLogBytes + 65_536)) {
          return this.stop(crash("the sandbox sent more log output than the run's log budget allows and was stopped"));
        }
        for (const [level, text] of logEntries(batch)) handlers.onLog(level.slice(0, 8), text.slice(0, limits.maxLogBytes));
      },
    });
    const stopListening = this.process.whenExited(() => {
      this.killed = true;
      this.conclude(verdict.death("the workerd process", this.process.stderrTail, this.process.memoryMb));
      this.markEnded();
    });
    const timer = setTimeout(() => this.stop(verdict.timeout(timeoutMs)), timeoutMs);
    const { pid, memoryMb } = this.process;
    const stopWatching = watchResidentMemory(pid, residentBytes(pid), memoryMb, () => this.stop(verdict.memory(memoryMb)));
    void this.stream({ run: name, js, shims: this.shims, limits });
    // The isolate may outlive its outcome (callbacks of calls it never awaited, a loop in them):
    // the deadline and the memory watch hold until there is an outcome and the runner's stream for
    // the run has ended, and only then does the process take another run; past them it is killed,
    // never reused.
    void Promise.all([outcome, this.ended]).then(() => {
      clearTimeout(timer);
      stopWatching();
      stopListening();
      this.release(this.process, !this.killed && this.process.alive);
    });
    return outcome.finally(() => {
      closeChannel();
      for (const reply of this.replies.values()) reply();
      this.replies.clear();
    });
  }

  respond(id: number, response: string): void {
    const reply = this.replies.get(id);
    if (!reply || this.verdict) return;
    this.replies.delete(id);
    reply(response);
  }

  private async stream(job: { run: string; js: string; shims: string[]; limits: SandboxLimits }): Promise<void> {
    let response: IncomingMessage;
    try {
      response = await this.process.post(job);
    } catch (error) {
      this.crashUnlessDying(`workerd could not be reached: ${(error as Error).message}`);
      return;
    }
    if (response.statusCode !== 200) {
      response.resume();
      this.stop(crash(`workerd refused the run (HTTP ${response.statusCode})`));
      return;
    }
    const reader = new LineReader(this.maxFrameBytes);
    response.on("data", (chunk: Buffer) => {
      if (this.verdict) return;
      let lines: unknown[];
      try {
        lines = reader.push(chunk);
      } catch (error) {
        this.stop(crash(`workerd sent ${error instanceof LineError ? error.message : "unreadable bytes"} and was stopped`));
        return;
      }
      for (const raw of lines) {
        this.onLine(raw as Record<string, unknown>);
        if (this.verdict) return;
      }
    });
    const ended = () => {
      if (!this.verdict && !this.held) this.crashUnlessDying("the run's stream ended without an outcome");
      this.markEnded();
    };
    response.on("error", ended);
    response.on("close", ended);
    response.on("end", ended);
  }

  /** A process that died under the run breaks its stream before its exit is seen: the exit decides the kind. */
  private crashUnlessDying(message: string): void {
    if (this.verdict || this.dyingTimer) return;
    this.dyingTimer = setTimeout(() => !this.verdict && this.stop(crash(message)), EXIT_GRACE_MS).unref();
  }

  private onLine(line: Record<string, unknown>): void {
    if (this.held) return;
    if (line?.t === "done" && typeof line.outcome === "string" && Number.isSafeInteger(line.calls)) {
      const calls = line.calls as number;
      if (this.nextId >= calls) return this.conclude(classifyOutcome(line.outcome));
      this.held = { outcome: line.outcome, calls };
      setTimeout(() => this.conclude(classifyOutcome(line.outcome as string)), CALLS_GRACE_MS).unref();
    } else if (line?.t === "failed" && typeof line.message === "string" && HUNG.test(line.message)) {
      // Code waiting on a promise that nothing can settle: workerd saw it at once, but the host
      // alone decides timeouts, so the run ends at its deadline as it would under Node.
    } else if (line?.t === "failed" && typeof line.message === "string") {
      // The agent's module threw while loading (code that left its function body), or its
      // isolate failed: that run's own error, with what workerd said, capped as any outcome.
      this.conclude(classifyOutcome(JSON.stringify({ ok: false, error: { name: "Error", message: line.message, kind: "agent" } })));
    } else {
      this.stop(crash("workerd sent an unexpected message and was stopped"));
    }
  }

  /**
   * Ends the run with `outcome` (unless it has one) and kills the process: nothing else stops an
   * isolate's loop. After the outcome this still runs, for an isolate that went on past it.
   */
  private stop(outcome: HostOutcome): void {
    this.conclude(outcome);
    this.killed = true;
    this.process.kill();
  }

  private conclude(outcome: HostOutcome): void {
    if (this.verdict) return;
    this.verdict = outcome;
    this.settle?.(outcome);
  }
}

/** The `[level, text]` string pairs of a log batch; anything else in it is dropped. */
function logEntries(batch: string): [string, string][] {
  let entries: unknown;
  try {
    entries = JSON.parse(batch);
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  return entries.filter((entry): entry is [string, string] => Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "string");
}
