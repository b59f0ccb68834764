/**
 * A type checker in a process of its own, started from the checker's startup snapshot
 * (`snapshot-file.ts`): TypeScript is loaded and its libs bound before its first instruction, so it
 * is ready in about a third of the time a new thread takes, and on far less CPU. It behaves as
 * the checker's thread does for `client.ts`: `postMessage`, then `message`, `error` and `exit`
 * events, and `terminate`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import type { CheckerRequest } from "./serve.js";
import { SNAPSHOT_V8_FLAGS } from "./snapshot-file.js";

export class CheckerProcess extends EventEmitter {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number>;
  private stderr = "";
  private answered = false;
  private killed = false;
  /** Requests not yet answered (each gets one answer): while there are any, the channel keeps the host alive. */
  private awaited = 0;

  constructor(
    blob: string,
    /** Told when the process died before it could answer: the snapshot is of no use to any later process either. */
    onBadSnapshot: () => void,
  ) {
    super();
    // The permission model leaves it no files to read or processes to start: it needs neither
    // once its heap is restored, and the code it checks is an attacker's.
    const args = [...SNAPSHOT_V8_FLAGS, "--snapshot-blob", blob, "--experimental-permission", "--no-warnings"];
    this.child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe", "ipc"], env: {} });
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => (this.stderr = (this.stderr + text).slice(-2000)));
    this.child.on("message", (message) => {
      this.answered = true;
      if (--this.awaited === 0) this.channel?.unref?.();
      this.emit("message", message);
    });
    this.exited = new Promise((resolve) => {
      this.child.once("error", () => resolve(-1));
      this.child.once("exit", (code, signal) => {
        // Dead before its first answer, and not by our hand: Node refused the snapshot (exit 14
        // for another Node's, an abort for a damaged one), or it is otherwise of no use.
        if (!this.answered && !this.killed && code !== 0) onBadSnapshot();
        // A death that was not asked for fails the check it was running, as a thread's error does;
        // one before any answer is the start failing, which the client retries elsewhere.
        if (!this.killed && this.answered) this.emit("error", this.why(code, signal));
        this.emit("exit", code ?? -1);
        resolve(code ?? -1);
      });
    });
  }

  private get channel(): { ref?: () => void; unref?: () => void } | undefined {
    return this.child.channel ?? undefined;
  }

  postMessage(request: CheckerRequest): void {
    try {
      this.child.send(request);
      if (this.awaited++ === 0) this.channel?.ref?.();
    } catch {
      // The channel closed: the process is going, and its `exit` fails what waits on it.
    }
  }

  /**
   * Keeps the host alive only while it waits for an answer: a checker started ahead that nobody
   * took, or one between checks, lets a CLI end (the process then sees its channel close, and ends).
   */
  unref(): void {
    this.child.unref();
    if (this.awaited === 0) this.channel?.unref?.();
    (this.child.stderr as Readable & { unref?: () => void }).unref?.();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Kills the process; resolves once it is gone (held: the caller waits on it, as on a thread's end). */
  terminate(): Promise<number> {
    this.killed = true;
    this.child.ref();
    this.child.kill("SIGKILL");
    return this.exited;
  }

  private why(code: number | null, signal: NodeJS.Signals | null): Error & { code?: string } {
    if (/heap out of memory|Allocation failed/i.test(this.stderr)) return Object.assign(new Error("it ran out of memory"), { code: "ERR_WORKER_OUT_OF_MEMORY" });
    return new Error(`the checker's process ended (${signal ?? `exit code ${code}`})`);
  }
}
