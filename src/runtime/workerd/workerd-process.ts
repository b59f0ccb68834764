import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import path from "node:path";
import { holdHost } from "../../util/child-hold.js";
import { workerdConfig, type HostAddress } from "./config.js";
import { launchWorkerd, workerdChild } from "./launch.js";
import type { RunJob } from "./runner.js";

/** A workerd that has not answered by then (a machine far too busy) is given up. */
const START_TIMEOUT_MS = 30_000;
const PING_EVERY_MS = 20;
/** A ping unanswered by then means a process whose thread is taken (a loop in an isolate): not given a run. */
const PING_TIMEOUT_MS = 2000;

/** What the executor shares with each of its workerd processes. */
export interface WorkerdShared {
  binary: string;
  /** The executor's private folder (mode 0700), holding `runner.js`, configs and sockets. */
  dir: string;
  secret: string;
  host: HostAddress;
  /** Resolves once the host's channel listens. */
  channelUp: Promise<boolean>;
}

let serial = 0;

/**
 * One supervised workerd process serving the runner on a Unix socket of its own. It starts with
 * an empty environment and one V8 heap limit for every isolate in it; the executor kills it when
 * a run in it must be stopped (a timeout, memory) and starts another, since workerd cannot stop
 * one isolate's synchronous loop on its own.
 */
export class WorkerdProcess {
  private readonly child: ChildProcess;
  private readonly agent = new Agent({ keepAlive: true });
  private readonly socket: string;
  private stderr = "";
  /** Whether a shell watches the host's end for workerd (see launch.ts). */
  private readonly watched: boolean;
  private workerdPid: number | undefined;
  private exited = false;
  private readonly exitListeners = new Set<() => void>();
  /** Runs in flight here. */
  active = 0;
  /** Runs this process has taken, for the executor's bookkeeping. */
  served = 0;
  readonly ready: Promise<boolean>;

  constructor(
    private readonly shared: WorkerdShared,
    readonly memoryMb: number,
  ) {
    const id = ++serial;
    this.socket = path.join(shared.dir, `run-${id}.sock`);
    const config = path.join(shared.dir, `workerd-${id}.capnp`);
    writeFileSync(config, workerdConfig({ runSocket: this.socket, host: shared.host, secret: shared.secret, memoryMb }), { mode: 0o600 });
    const launch = launchWorkerd(shared.binary, ["serve", config, "--experimental"]);
    this.watched = launch.watched;
    // stdin: the pipe whose end tells the watching shell that the host is gone (see launch.ts).
    this.child = spawn(launch.command, launch.args, { cwd: shared.dir, stdio: ["pipe", "ignore", "pipe"], env: {} });
    this.child.stdin!.on("error", () => {});
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => (this.stderr = (this.stderr + text).slice(-4000)));
    this.child.once("error", () => this.markExited());
    // "close", not "exit": the last of stderr (a heap-limit message) is read by then.
    this.child.once("close", () => this.markExited());
    // An idle workerd keeps no host alive; a run in flight does, through its timer.
    holdHost(this.child, false);
    this.ready = this.waitUntilUp();
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** workerd's own pid (not the watching shell's), once it answered; for the memory watch and diagnostics. */
  get pid(): number | undefined {
    return this.workerdPid;
  }

  get stderrTail(): string {
    return this.stderr.trim();
  }

  /** Calls `listener` once when the process is gone (at once if it already is); returns a remover. */
  whenExited(listener: () => void): () => void {
    if (this.exited) {
      listener();
      return () => {};
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  private markExited(): void {
    if (this.exited) return;
    this.exited = true;
    this.child.stdin?.destroy();
    this.agent.destroy();
    for (const listener of [...this.exitListeners]) listener();
    this.exitListeners.clear();
  }

  kill(): void {
    if (this.exited) return;
    if (!this.watched) {
      this.child.kill("SIGKILL");
      return;
    }
    // workerd at once when its pid is known; and in any case the end of the shell's stdin, on
    // which its watcher kills workerd and the shell then exits. The shell itself is not killed:
    // killed after starting workerd but before its watcher, it left workerd running with nothing
    // to stop it.
    if (this.workerdPid !== undefined) {
      try {
        process.kill(this.workerdPid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    this.child.stdin?.destroy();
  }

  /** Posts a run; resolves with the streaming response, or rejects when workerd cannot be reached. */
  post(job: RunJob): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify(job);
      const request = httpRequest(
        { socketPath: this.socket, path: "/run", method: "POST", agent: this.agent, headers: { "x-codemode-secret": this.shared.secret, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        resolve,
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  /** Whether the process still answers: one round trip on its socket, before it is given a run after idling. */
  async answers(): Promise<boolean> {
    return this.alive && (await this.ping()) && this.alive;
  }

  private ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const request = httpRequest({ socketPath: this.socket, path: "/ping", agent: this.agent, headers: { "x-codemode-secret": this.shared.secret } }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on("error", () => resolve(false));
      request.setTimeout(PING_TIMEOUT_MS, () => {
        request.destroy();
        resolve(false);
      });
      request.end();
    });
  }

  private async waitUntilUp(): Promise<boolean> {
    if (!(await this.shared.channelUp)) return false;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!this.exited && Date.now() < deadline) {
      if (await this.ping()) {
        this.workerdPid = this.watched ? workerdChild(this.child.pid) : this.child.pid;
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, PING_EVERY_MS));
    }
    this.kill();
    return false;
  }
}
