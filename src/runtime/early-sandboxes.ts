import type { ExecutorName } from "./executor.js";
import { ISOLATION_LEVELS, type IsolationLevel } from "./isolation.js";
import { SandboxPool } from "./sandbox-pool.js";

/**
 * The node executor's first sandboxes, started while `createRuntime` still reads the config and
 * the generated packages: a sandbox process takes about as long to start as a `.ts` config takes
 * to load, and the first run waits for both. The processes get their shims once they are read;
 * until then they run nothing.
 */
export interface EarlySandboxes {
  /** The pool, or undefined when the node executor cannot be the one (see {@link startEarlySandboxes}). */
  readonly pool: Promise<SandboxPool | undefined>;
  /** Hands the pool's processes the shims, once read. */
  give(shims: string[]): void;
  /** Stops the pool: the config chose another executor, or the runtime failed to start. */
  abandon(): void;
}

export interface EarlySetup {
  /** The executor the options name, if any: only `node` (or none yet) starts sandboxes early. */
  executor: unknown;
  isolation: Promise<IsolationLevel>;
  /** The weakest isolation the runtime accepts: on a machine that allows less, nothing starts. */
  minIsolation: IsolationLevel;
  memoryMb: number;
  warm: number;
  maxFrameBytes: number;
}

export function startEarlySandboxes(setup: EarlySetup): EarlySandboxes {
  let give: (shims: string[]) => void = () => {};
  let refuse: (reason: unknown) => void = () => {};
  const shims = new Promise<string[]>((resolve, reject) => ((give = resolve), (refuse = reject)));
  shims.catch(() => {});
  const mayBeNode = (setup.executor === undefined || setup.executor === ("node" satisfies ExecutorName)) && setup.warm > 0;
  const pool = mayBeNode
    ? setup.isolation.then((level) => (ISOLATION_LEVELS.indexOf(level) <= ISOLATION_LEVELS.indexOf(setup.minIsolation) ? new SandboxPool(level, shims, setup.memoryMb, setup.warm, setup.maxFrameBytes) : undefined))
    : Promise.resolve(undefined);
  pool.catch(() => {});
  return {
    pool,
    give,
    abandon() {
      refuse(new Error("the runtime did not start"));
      void pool.then((started) => started?.close(), () => {});
    },
  };
}
