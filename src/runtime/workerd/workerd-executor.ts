import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Executor, ExecutorSlot } from "../executor.js";
import { HostChannel } from "./host-channel.js";
import { requireWorkerd } from "./locate.js";
import { runnerModuleSource } from "./runner.js";
import { WorkerdProcess, type WorkerdShared } from "./workerd-process.js";
import { WorkerdSlot } from "./workerd-slot.js";

export interface WorkerdExecutorOptions {
  /** Runs one workerd process takes at once. @default 1: a run that must be stopped kills its process, and with it every run in it. */
  runsPerProcess?: number;
}

/**
 * The workerd executor: supervised local workerd processes, each running the runner worker, and
 * each run in a fresh dynamic worker (its own V8 isolate, no Node APIs, no outbound network).
 * Processes are kept started ahead of need and reused across runs (the isolate is per run); a
 * process that died or was killed to stop a run is replaced. Tool calls come back over a Unix
 * socket in a private folder, with a per-executor secret.
 */
export class WorkerdExecutor implements Executor {
  readonly name = "workerd";
  private readonly processes: WorkerdProcess[] = [];
  private readonly shared: WorkerdShared;
  private readonly channel: HostChannel;
  private readonly runsPerProcess: number;
  private closed = false;

  constructor(
    private readonly shims: string[],
    private readonly defaultMemoryMb: number,
    private readonly warm: number,
    private readonly maxFrameBytes: number,
    options: WorkerdExecutorOptions = {},
  ) {
    const binary = requireWorkerd();
    this.runsPerProcess = Math.max(1, options.runsPerProcess ?? 1);
    // mkdtemp makes the folder 0700: the sockets, the secret and the configs are the host user's alone.
    const dir = mkdtempSync(path.join(os.tmpdir(), "codemode-workerd-"));
    writeFileSync(path.join(dir, "runner.js"), runnerModuleSource(), { mode: 0o600 });
    const secret = randomBytes(32).toString("hex");
    this.channel = new HostChannel(path.join(dir, "host.sock"), secret, maxFrameBytes);
    this.shared = { binary, dir, secret, host: this.channel.address(), channelUp: this.channel.listening };
    this.refill();
  }

  async take(memoryMb: number): Promise<ExecutorSlot> {
    let failed: WorkerdProcess | undefined;
    // A warm process may have died while idle: then one more, before giving up.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.closed) throw new Error("the runtime is closed");
      const idle = this.leastBusy(memoryMb);
      const process = idle ?? this.start(memoryMb);
      process.active++;
      // One that waited may have died unseen (killed, or out of memory between runs): asked first.
      const up = (await process.ready) && (idle ? await process.answers() : process.alive);
      process.served++;
      if (up) return new WorkerdSlot(process, this.channel, this.shims, this.maxFrameBytes, (done, healthy) => this.release(done, healthy));
      process.active--;
      this.drop(process);
      failed = process;
    }
    throw new Error(`workerd could not start: ${failed?.stderrTail.split("\n").slice(-4).join(" / ") || "no output"}`);
  }

  get warmPid(): number | undefined {
    return this.processes.find((p) => p.alive && p.active === 0)?.pid;
  }

  /** The private folder of this executor's sockets and configs, for tests. */
  get folder(): string {
    return this.shared.dir;
  }

  /** The pids of the workerd processes, for tests and benchmarks. */
  get pids(): number[] {
    return this.processes.filter((p) => p.alive).map((p) => p.pid!);
  }

  /** Keeps `warm` idle processes at the default heap limit; stops idle ones beyond that. */
  refill(): void {
    if (this.closed) return;
    for (const process of [...this.processes]) if (!process.alive) this.drop(process);
    const idle = this.processes.filter((p) => p.active === 0);
    const spare = idle.filter((p) => p.memoryMb === this.defaultMemoryMb);
    for (const process of idle.filter((p) => p.memoryMb !== this.defaultMemoryMb)) this.drop(process);
    for (const process of spare.slice(this.warm)) this.drop(process);
    for (let count = spare.length; count < this.warm; count++) this.start(this.defaultMemoryMb);
  }

  close(): void {
    this.closed = true;
    for (const process of this.processes.splice(0)) process.kill();
    this.channel.close();
    rmSync(this.shared.dir, { recursive: true, force: true });
  }

  private leastBusy(memoryMb: number): WorkerdProcess | undefined {
    let best: WorkerdProcess | undefined;
    for (const process of this.processes) {
      if (!process.alive || process.memoryMb !== memoryMb || process.active >= this.runsPerProcess) continue;
      if (!best || process.active < best.active) best = process;
    }
    return best;
  }

  private start(memoryMb: number): WorkerdProcess {
    const process = new WorkerdProcess(this.shared, memoryMb);
    this.processes.push(process);
    return process;
  }

  private release(process: WorkerdProcess, healthy: boolean): void {
    process.active--;
    if (!healthy) this.drop(process);
  }

  private drop(process: WorkerdProcess): void {
    process.kill();
    const index = this.processes.indexOf(process);
    if (index !== -1) this.processes.splice(index, 1);
  }
}
