import { isolationLevel, type IsolationLevel } from "./isolation.js";
import { SandboxProcess } from "./sandbox-process.js";

/** One layer of the sandbox, and whether it holds on this machine. */
export interface IsolationLayer {
  name: string;
  holds: boolean;
  /** What it stops, or why it does not hold here. */
  detail: string;
}

export interface IsolationReport {
  level: IsolationLevel;
  platform: string;
  node: string;
  layers: IsolationLayer[];
}

/**
 * Which of the sandbox's layers hold on this machine, found by starting a real sandbox process
 * and running code in it (the README's threat model lists the same layers).
 */
export async function diagnoseIsolation(env: NodeJS.ProcessEnv = process.env): Promise<IsolationReport> {
  // Probed, not taken from a mark a run left: the doctor says what holds now.
  const level = await isolationLevel(env, { fresh: true });
  const sandbox = new SandboxProcess(level, 64, [], 2 ** 20);
  const started = await sandbox.ready;
  const outcome = started ? await sandbox.run("(async () => 1)", { maxToolCalls: 0, maxArgumentBytes: 1, maxLogBytes: 1, maxResultBytes: 16 }, 10_000, { onCall() {}, onLog() {} }) : undefined;
  sandbox.kill();
  const runs = outcome?.ok === true && outcome.result === "1";
  const namespaces = level !== "process";
  const why = started ? "" : ` (the sandbox did not start: ${sandbox.stderrTail || "no output"})`;
  const layers: IsolationLayer[] = [
    { name: "one process per run", holds: runs, detail: runs ? "a fresh process for every run, killed when the run ends" : `agent code cannot run here${why}` },
    { name: "vm context", holds: runs, detail: "a fresh realm per run: no Node globals, no code generation from strings, no WebAssembly" },
    {
      name: "stacks formatted in the sandbox's realm",
      holds: sandbox.stacks,
      detail: sandbox.stacks ? "no host code runs on top of agent frames when a stack is read" : "Node's stack hook is not reachable: stacks are turned off instead (errors carry no line numbers)",
    },
    { name: "stripped process realm", holds: runs, detail: "Node's globals and the process object's outward methods removed; no code generation from strings" },
    { name: "Node's permission model", holds: runs, detail: "reads only codemode's dist/; no writes, no child processes, no workers, no addons" },
    {
      name: "user and PID namespaces",
      holds: namespaces,
      detail: namespaces ? "no signal reaches the host; no host process is visible" : "unavailable: a process that escaped every layer above could signal the host's processes",
    },
    {
      name: "network namespace",
      holds: namespaces,
      detail: namespaces ? "no TCP, UDP or abstract Unix socket reaches anything" : "unavailable: an escape could open network connections (Node's permission model does not cover the network)",
    },
    {
      name: "private root",
      holds: level === "jail",
      detail: level === "jail" ? "no host file or Unix socket is visible, only read-only system libraries and codemode" : "unavailable: Unix sockets on the host's file system are reachable after an escape",
    },
    {
      name: "memory watch outside the heap",
      holds: sandbox.nodePid !== undefined && process.platform === "linux",
      detail: process.platform === "linux" ? "array buffers and native memory counted through /proc" : "not on this platform: only the heap limit holds",
    },
  ];
  return { level, platform: `${process.platform} ${process.arch}`, node: process.version, layers };
}
