import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseChildMessage, type ChildToHost, type HostToChild, type Outcome, type RunLimits } from "./messages.js";

/** The compiled child entry: beside this module in `dist/`, or in `dist/` when running from `src/`. */
function childEntry(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".js")) return path.join(path.dirname(here), "child.js");
  return path.resolve(path.dirname(here), "../../dist/runtime/child.js");
}

interface RunHandlers {
  /** A shim's request; `respond` sends the host's answer back into the run. */
  onCall(request: string, respond: (response: string) => void): void;
  onLog(level: string, text: string): void;
  done(outcome: string): void;
}

/** Grace the child gets past a run's timeout to stop it itself before the host kills the child. */
const KILL_GRACE_MS = 1000;

/**
 * The host's handle on the sandbox child process: starts it with Node's permission model (no
 * file writes, no reads outside codemode's own code, no child processes), an empty
 * environment and no inherited flags, restarts it when it dies, and kills it when a run
 * outlives its timeout by more than a grace period.
 */
export class SandboxProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly runs = new Map<number, RunHandlers & { killer: NodeJS.Timeout }>();
  private nextRunId = 0;
  private stderr = "";

  constructor(private readonly defaultMemoryMb: number) {}

  /** The sandbox process's pid while it runs, for diagnostics and benchmarks. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the child (once); resolves when its first worker is being built. */
  start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const entry = childEntry();
      const child = fork(entry, [String(this.defaultMemoryMb)], {
        execArgv: ["--no-warnings", "--experimental-permission", `--allow-fs-read=${path.dirname(path.dirname(entry))}/*`, "--allow-worker"],
        env: {},
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "json",
      });
      this.child = child;
      child.stderr?.setEncoding("utf8").on("data", (text: string) => (this.stderr = (this.stderr + text).slice(-4000)));
      child.on("message", (raw) => {
        const message = parseChildMessage(raw, 16 * 2 ** 20);
        if (message?.t === "ready") resolve();
        else if (message) this.dispatch(message);
      });
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        reject(new Error(`the sandbox process exited (${signal ?? code}) before it was ready: ${this.stderr.trim()}`));
        this.onExit(child, signal ?? `code ${code}`);
      });
    });
    return this.ready;
  }

  /** Runs prepared code; resolves with the outcome JSON, whatever happens to the child. */
  async run(js: string, shims: string[], limits: RunLimits, handlers: Omit<RunHandlers, "done">): Promise<string> {
    await this.start();
    const runId = ++this.nextRunId;
    return new Promise<string>((done) => {
      const killer = setTimeout(() => this.kill(`the code ran longer than ${limits.timeoutMs} ms and did not stop`), limits.timeoutMs + KILL_GRACE_MS);
      this.runs.set(runId, { ...handlers, done, killer });
      this.send({ t: "run", runId, js, shims, limits });
    });
  }

  private respond(runId: number, id: number, response: string): void {
    if (this.runs.has(runId)) this.send({ t: "result", runId, id, response });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.ready = undefined;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  }

  private send(message: HostToChild): void {
    this.child?.send(message);
  }

  private dispatch(message: ChildToHost): void {
    if (message.t === "ready") return;
    const run = this.runs.get(message.runId);
    if (!run) return;
    if (message.t === "call") run.onCall(message.request, (response) => this.respond(message.runId, message.id, response));
    else if (message.t === "log") run.onLog(message.level, message.text);
    else this.finish(message.runId, message.outcome);
  }

  private finish(runId: number, outcome: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    clearTimeout(run.killer);
    run.done(outcome);
  }

  private kill(reason: string): void {
    const child = this.child;
    if (!child) return;
    this.failAll({ ok: false, error: { name: "TimeoutError", message: reason, kind: "timeout" } });
    child.kill("SIGKILL");
  }

  /** The child died (a V8 out-of-memory abort, or killed): every run in it fails, the next run restarts it. */
  private onExit(child: ChildProcess, how: string): void {
    if (this.child === child) {
      this.child = undefined;
      this.ready = undefined;
    }
    this.failAll({ ok: false, error: { name: "Error", message: `the sandbox process died (${how}); it used too much memory or crashed, and was restarted`, kind: "crash" } });
  }

  private failAll(outcome: Outcome): void {
    for (const runId of [...this.runs.keys()]) this.finish(runId, JSON.stringify(outcome));
  }
}
