/**
 * A type checker in a process of its own, started from the checker's startup snapshot
 * (`snapshot-file.ts`): TypeScript is loaded and its libs bound before its first instruction, so
 * it is ready in about a third of the time a new thread takes, and on far less CPU. It behaves
 * as the checker's thread does for `client.ts`: `postMessage`, then `message`, `error` and `exit`
 * events, and `terminate`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { diesWithHost } from "../util/system-tool.js";
import type { CheckerRequest } from "./serve.js";
import { SNAPSHOT_V8_FLAGS } from "./snapshot-file.js";

/**
 * The command that starts a checker from `blob`, or undefined where the process could outlive
 * its host: a check is one synchronous task that may run for seconds (a hostile one, until the
 * heap is full), during which the process cannot notice that its host is gone, so it must be
 * killed with it. Elsewhere checks run in a thread, which dies with its process.
 */
export function checkerCommand(blob: string): string[] | undefined {
  // The permission model leaves it no files to read or processes to start: it needs neither
  // once its heap is restored, and the code it checks is an attacker's.
  return diesWithHost([process.execPath, ...SNAPSHOT_V8_FLAGS, "--snapshot-blob", blob, "--experimental-permission", "--no-warnings"]);
}

/** Node's exit code for a snapshot made by another Node or under other V8 flags. */
const REFUSED_SNAPSHOT = 14;
/** Signals someone sends to stop a process, as opposed to those it dies of. */
const KILLS = new Set<string>(["SIGKILL", "SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT"]);

export class CheckerProcess extends EventEmitter {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number>;
  private stderr = "";
  private answered = false;
  private killed = false;
  private ended = false;
  /** Requests not yet answered (each gets one answer): while there are any, the host is kept alive. */
  private awaited = 0;

  constructor(
    command: string[],
    /**
     * Told when the process died before its first answer of its own accord: `damaged` when Node
     * refused or crashed on the snapshot (of no use to any later process either), not when
     * something else failed (a `setpriv` that could not run it).
     */
    onRefused: (damaged: boolean) => void,
  ) {
    super();
    this.child = spawn(command[0]!, command.slice(1), { stdio: ["ignore", "ignore", "pipe", "ipc"], env: {} });
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => (this.stderr = (this.stderr + text).slice(-2000)));
    this.child.on("message", (message) => {
      this.answered = true;
      if (--this.awaited === 0) this.hold(false);
      this.emit("message", message);
    });
    this.exited = new Promise((resolve) => {
      const end = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.ended) return;
        this.ended = true;
        // Dead before its first answer: exit 14 for another Node's or V8's snapshot, a crash
        // (SIGABRT, SIGSEGV, SIGTRAP…) for a damaged one. A kill (ours, the user's, the OOM
        // killer's) says nothing of the snapshot; nor does an exit 0 (its host went away).
        if (!this.answered && !this.killed && !(signal && KILLS.has(signal)) && code !== 0) onRefused(code === REFUSED_SNAPSHOT || signal !== null);
        // A death that was not asked for fails the check it was running, as a thread's error does;
        // one before any answer is the start failing, which the client retries elsewhere.
        if (!this.killed && this.answered) this.emit("error", this.why(code, signal));
        this.emit("exit", code ?? -1);
        resolve(code ?? -1);
      };
      this.child.once("exit", end);
      // A process that could not start (no processes left, no file descriptors) has no exit to
      // wait for; later errors (a write to a closed channel) are its end too, already reported.
      this.child.on("error", () => end(null, null));
    });
  }

  /** Sends a request; false when the process is gone (or going) and will not answer it. */
  postMessage(request: CheckerRequest): boolean {
    if (this.ended || !this.child.connected) return false;
    // Errors come to the callback: the process is going, and its end fails what waits on it.
    this.child.send(request, () => {});
    if (this.awaited++ === 0) this.hold(true);
    return true;
  }

  /**
   * Keeps the host alive while it waits for an answer, the process and its channel both (the
   * channel closes before the process's end is seen); a checker started ahead that nobody took,
   * or one between checks, lets a CLI end (the process then sees its channel close, and ends).
   */
  private hold(held: boolean): void {
    const channel = this.child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (held) {
      this.child.ref();
      channel?.ref?.();
    } else {
      this.child.unref();
      channel?.unref?.();
    }
  }

  unref(): void {
    if (this.awaited === 0) this.hold(false);
    (this.child.stderr as { unref?: () => void } | null)?.unref?.();
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
