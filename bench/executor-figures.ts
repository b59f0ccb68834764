/**
 * One executor's figures for `bench/runtime.bench.ts`: cold start, warm runs, per-call
 * overhead, sustained rates and the memory of a warm slot, all against the demo server in memory,
 * with the built package as a user runs it (see `built.ts`).
 */
import { readFile } from "node:fs/promises";
import type { ExecutorName } from "../src/runtime/executor.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { demoRuntime } from "../test/helpers/runtime.js";
import { builtModules } from "./built.js";

export const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
export const p50 = (values: number[]) => quantile(values, 0.5);

export async function sample(runs: number, work: () => Promise<unknown> | unknown, before?: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function ok(promise: Promise<{ ok: boolean; error?: unknown }>) {
  const result = await promise;
  if (!result.ok) throw new Error(`bench run failed: ${JSON.stringify(result.error)}`);
  return result;
}

/** Waits until a started sandbox (or workerd process) is waiting: what "warm" means. */
async function warm(runtime: Runtime): Promise<void> {
  while (runtime.sandboxPid === undefined) await new Promise((resolve) => setTimeout(resolve, 2));
}

export const rssMiB = async (pid: number | undefined) => {
  const status = pid ? await readFile(`/proc/${pid}/status`, "utf8").catch(() => "") : "";
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
};

/** Runs per second, `parallel` at a time, `total` in all. */
export async function sustained(runtime: Runtime, parallel: number, total: number, code = "return 1"): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next++ < total) await ok(runtime.run(code));
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

export interface ExecutorFigures {
  executor: ExecutorName;
  isolation: string;
  cold: number;
  coldChecked: number;
  trivial: number[];
  /** Per call in a long-lived host, after {@link WARM_UP_CALLS}. */
  perCall: number;
  /** Per call over the host's first calls, before V8 has optimised its path. */
  perCallFresh: number;
  concurrent: number[];
  sequentialRate: number;
  parallelRate: number;
  warmRss: number;
}

export const CALLS = 20;
/** Calls made before a steady-state figure is taken, through the runtime and directly alike. */
export const WARM_UP_CALLS = 2000;

export async function measureExecutor(executor: ExecutorName, runs: number): Promise<ExecutorFigures> {
  const built = await builtModules();
  // Cold: the repo's own config (its committed packages), createRuntime and a first run, nothing
  // generated on the way. The sandbox's own figures run unchecked; the type check has rows of its own.
  const coldStarted = performance.now();
  const fresh = await built.createRuntime({ configFile: "codemode.config.ts", defaults: { typecheck: false }, executor });
  await ok(fresh.run("return 1"));
  const cold = performance.now() - coldStarted;
  await fresh.close();
  const { runtime, close } = await demoRuntime({ timeoutMs: 10_000, typecheck: false }, {}, { executor }, built);
  await ok(runtime.run("return 1"));
  const checkedStarted = performance.now();
  await ok(runtime.run("return 1", { typecheck: true }));
  const coldChecked = performance.now() - checkedStarted;
  await sample(10, () => ok(runtime.run("return 1")), () => warm(runtime));
  const trivial = await sample(runs, () => ok(runtime.run("return 1")), () => warm(runtime));
  const calls = () => ok(runtime.run(`for (let i = 0; i < ${CALLS}; i++) await demo.echo({ text: "x" });`));
  const sequential = await sample(Math.ceil(runs / 2), calls, () => warm(runtime));
  const perCallFresh = (p50(sequential) - p50(trivial)) / CALLS;
  // Steady state, as a long-lived host sees it: V8 optimises the host's call path (codemode's and
  // the SDK's) only after a few thousand calls, and the direct anchor is measured after as many.
  await sample(WARM_UP_CALLS / CALLS, calls, () => warm(runtime));
  const steadyTrivial: number[] = [];
  const steadyCalls: number[] = [];
  // Interleaved, so that the machine's load weighs on both samples alike.
  for (let i = 0; i < Math.ceil(runs / 2); i++) {
    steadyTrivial.push(...(await sample(1, () => ok(runtime.run("return 1")), () => warm(runtime))));
    steadyCalls.push(...(await sample(1, calls, () => warm(runtime))));
  }
  const perCall = (p50(steadyCalls) - p50(steadyTrivial)) / CALLS;
  const concurrent = await sample(Math.ceil(runs / 5), () => ok(runtime.run(`await Promise.all(Array.from({ length: 100 }, () => demo.echo({ text: "x" })));`)), () => warm(runtime));
  await warm(runtime);
  const warmRss = await rssMiB(runtime.sandboxPid);
  const sequentialRate = await sustained(runtime, 1, 40);
  const isolation = runtime.isolation;
  await close();
  const pooled = await demoRuntime({ timeoutMs: 10_000, typecheck: false }, {}, { executor }, built);
  await pooled.runtime.run("return 1");
  const parallelRate = await sustained(pooled.runtime, 4, 60);
  await pooled.close();
  return { executor, isolation, cold, coldChecked, trivial, perCall, perCallFresh, concurrent, sequentialRate, parallelRate, warmRss };
}
