import { CodemodeError } from "../errors.js";
import { nearest } from "../util/suggest.js";
import { EXECUTOR_NAMES, isExecutorName, type Executor, type ExecutorName } from "./executor.js";
import type { IsolationLevel } from "./isolation.js";
import { SandboxPool } from "./sandbox-pool.js";
import type { WorkerdExecutorOptions } from "./workerd/workerd-executor.js";

export interface ExecutorSetup {
  isolation: IsolationLevel;
  shims: string[];
  memoryMb: number;
  /** Sandboxes (node) or processes (workerd) kept started ahead of runs. */
  warm: number;
  maxFrameBytes: number;
  workerd?: WorkerdExecutorOptions;
}

/** Checks a name from options, the CLI or the config, with an error that lists the executors. */
export function executorName(value: unknown, where: string): ExecutorName {
  if (value === undefined) return "node";
  if (isExecutorName(value)) return value;
  const meant = typeof value === "string" ? nearest(value, EXECUTOR_NAMES) : undefined;
  throw new CodemodeError("USAGE", `${where}: unknown executor ${JSON.stringify(value)}; ${meant ? `did you mean ${meant}? ` : ""}the executors are ${EXECUTOR_NAMES.join(", ")}`);
}

/** Starts the named executor; throws a usage error naming `npm install workerd` when workerd is missing. */
export async function createExecutor(name: ExecutorName, setup: ExecutorSetup): Promise<Executor> {
  if (name === "workerd") {
    // Loaded only for workerd: the node executor's runtimes do not pay for it.
    const { WorkerdExecutor } = await import("./workerd/workerd-executor.js");
    return new WorkerdExecutor(setup.shims, setup.memoryMb, setup.warm, setup.maxFrameBytes, setup.workerd);
  }
  return new SandboxPool(setup.isolation, setup.shims, setup.memoryMb, setup.warm, setup.maxFrameBytes);
}
