import type { Executor } from "./executor.js";
import type { IsolationLevel } from "./isolation.js";
import { SandboxProcess } from "./sandbox-process.js";

/**
 * Sandbox processes started ahead of need. Each is used for one run and killed after it, so a
 * run never meets what another run left behind; the pool only hides the start-up time. Runs with
 * a heap limit other than the default get a process of their own, started on demand.
 */
export class SandboxPool implements Executor {
  readonly name = "node";
  private readonly warm: SandboxProcess[] = [];
  private closed = false;

  constructor(
    private readonly level: IsolationLevel,
    /** A promise when the pool starts before they are read: its processes start meanwhile. */
    private readonly shims: string[] | Promise<string[]>,
    private readonly defaultMemoryMb: number,
    private readonly size: number,
    private readonly maxFrameBytes: number,
  ) {
    this.refill();
  }

  /**
   * A started sandbox process for `memoryMb`, waited for until it is ready; throws when it cannot
   * start. The pool is refilled by {@link refill} once the run is over, not here: starting a
   * process costs the host a few milliseconds that the run would otherwise wait for.
   */
  async take(memoryMb: number): Promise<SandboxProcess> {
    if (this.closed) throw new Error("the runtime is closed");
    let failed: SandboxProcess | undefined;
    // A warm process may have died while idle: then one more, before giving up.
    for (let attempt = 0; attempt < 2; attempt++) {
      const candidate = memoryMb === this.defaultMemoryMb ? this.warm.shift() : undefined;
      const sandbox = candidate ?? this.start(memoryMb);
      if (await sandbox.ready) return sandbox;
      sandbox.kill();
      failed = sandbox;
    }
    throw new Error(`the sandbox process could not start: ${failed?.stderrTail.split("\n").slice(-4).join(" / ") || "no output"}`);
  }

  /** The pid of a warm sandbox's Node process, for diagnostics. */
  get warmPid(): number | undefined {
    return this.warm[0]?.nodePid;
  }

  close(): void {
    this.closed = true;
    for (const sandbox of this.warm.splice(0)) sandbox.kill();
  }

  private start(memoryMb: number): SandboxProcess {
    return new SandboxProcess(this.level, memoryMb, this.shims, this.maxFrameBytes);
  }

  /** Starts processes until `size` are warm (dropping any that died while idle). */
  refill(): void {
    if (this.closed) return;
    // A warm process that died while idle leaves the pool.
    for (let i = this.warm.length - 1; i >= 0; i--) if (!this.warm[i]!.alive) this.warm.splice(i, 1);
    while (this.warm.length < this.size) this.warm.push(this.start(this.defaultMemoryMb));
  }
}
