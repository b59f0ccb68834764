import type { ExecutorName } from "./executor.js";
import { ISOLATION_LEVELS, isolationLevel, type IsolationLevel } from "./isolation.js";
import { DEFAULT_LIMITS, processSetup, type ProcessSetup } from "./run-limits.js";
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

export interface EarlySetup extends ProcessSetup {
  /** The executor the options name, if any: only `node` (or none yet) starts sandboxes early. */
  executor: unknown;
  isolation: Promise<IsolationLevel>;
  /** The weakest isolation the runtime accepts: on a machine that allows less, nothing starts. */
  minIsolation: IsolationLevel;
}

/** Sandboxes {@link prestartSandboxes} started, until a runtime takes them. */
let prestarted: { setup: EarlySetup; sandboxes: EarlySandboxes } | undefined;

/**
 * Starts the node executor's first sandbox now, with the default limits, for the next
 * {@link startEarlySandboxes} whose setup it fits. `codemode run --no-typecheck` calls it before
 * it loads anything else (`bin/codemode.js`; a checked run starts its checker there instead): a
 * sandbox process takes about as long to start as the CLI takes to load, and the run waits for
 * it. A runtime it does not fit (another executor, other limits, isolation forced elsewhere)
 * stops it and starts its own. One nobody takes holds no process open, and dies with it.
 */
export function prestartSandboxes(env: NodeJS.ProcessEnv = process.env): void {
  if (prestarted) return;
  const setup: EarlySetup = { executor: undefined, isolation: isolationLevel(env), minIsolation: "process", ...processSetup(DEFAULT_LIMITS) };
  prestarted = { setup, sandboxes: startOwn(setup) };
}

/** A runtime's early sandboxes: those prestarted, when they fit its setup; else its own. */
export function startEarlySandboxes(setup: EarlySetup): EarlySandboxes {
  const ahead = prestarted;
  prestarted = undefined;
  if (!ahead) return startOwn(setup);
  const { memoryMb, warm, maxFrameBytes } = ahead.setup;
  const fitting = mayBeNode(setup) && setup.memoryMb === memoryMb && setup.warm === warm && setup.maxFrameBytes === maxFrameBytes;
  // The level, too, must be the one this runtime finds (a test may force another) and accepts.
  const chosen = Promise.all([ahead.setup.isolation, setup.isolation])
    .then(([had, wanted]) => fitting && had === wanted && accepts(setup, wanted), () => false)
    .then((fits) => {
      if (fits) return ahead.sandboxes;
      ahead.sandboxes.abandon();
      return startOwn(setup);
    });
  const pool = chosen.then((sandboxes) => sandboxes.pool);
  pool.catch(() => {});
  // The shims, or the end, may come before the choice: each is passed on once it is made.
  return {
    pool,
    give: (shims) => void chosen.then((sandboxes) => sandboxes.give(shims)),
    abandon: () => void chosen.then((sandboxes) => sandboxes.abandon()),
  };
}

function startOwn(setup: EarlySetup): EarlySandboxes {
  let give: (shims: string[]) => void = () => {};
  let refuse: (reason: unknown) => void = () => {};
  const shims = new Promise<string[]>((resolve, reject) => ((give = resolve), (refuse = reject)));
  shims.catch(() => {});
  const pool = mayBeNode(setup)
    ? setup.isolation.then((level) => (accepts(setup, level) ? new SandboxPool(level, shims, setup.memoryMb, setup.warm, setup.maxFrameBytes) : undefined))
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

function mayBeNode(setup: EarlySetup): boolean {
  return (setup.executor === undefined || setup.executor === ("node" satisfies ExecutorName)) && setup.warm > 0;
}

function accepts(setup: EarlySetup, level: IsolationLevel): boolean {
  return ISOLATION_LEVELS.indexOf(level) <= ISOLATION_LEVELS.indexOf(setup.minIsolation);
}
