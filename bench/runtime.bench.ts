/**
 * `npm run bench:runtime`: the runtime against a real MCP server in memory, each figure beside
 * an anchor measured in the same run (a bare `vm` context, `node -e 0`, a direct
 * `client.callTool`), so the table reads as ratios on whatever machine runs it.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import vm from "node:vm";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createDemoServer } from "../test/servers/demo.js";
import { demoRuntime } from "../test/helpers/runtime.js";
import { createRuntime, type Runtime } from "../src/runtime/runtime.js";

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
const p50 = (values: number[]) => quantile(values, 0.5);
async function sample(runs: number, work: () => Promise<unknown> | unknown, before?: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}
async function ok(promise: Promise<{ ok: boolean; error?: unknown }>) {
  const result = await promise;
  if (!result.ok) throw new Error(`bench run failed: ${JSON.stringify(result.error)}`);
  return result;
}
/** Waits until a started sandbox is waiting in the pool: what "warm" means. */
async function warm(runtime: Runtime): Promise<void> {
  while (runtime.sandboxPid === undefined) await new Promise((resolve) => setTimeout(resolve, 2));
}
const rssMiB = async (pid: number | undefined) => {
  const status = pid ? await readFile(`/proc/${pid}/status`, "utf8").catch(() => "") : "";
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
};

const runs = Number(process.env.BENCH_RUNS ?? 100);

// Anchors.
const nodeStart = await sample(10, () => spawnSync(process.execPath, ["-e", "0"]));
const bareVm = await sample(runs, () => vm.runInContext("1", vm.createContext({})));
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
await createDemoServer({ delayMs: 0 }).connect(serverSide);
const direct = new Client({ name: "bench", version: "1" });
await direct.connect(clientSide);
const directCalls = await sample(runs * 2, () => direct.callTool({ name: "echo", arguments: { text: "x" } }));

// The runtime.
// Cold: the repo's own config (its committed packages), createRuntime and a first run, nothing
// generated on the way. The sandbox's own figures run unchecked; the type check has rows of its own.
const coldStarted = performance.now();
const fresh = await createRuntime({ configFile: "codemode.config.ts", defaults: { typecheck: false } });
await ok(fresh.run("return 1"));
const cold = performance.now() - coldStarted;
await fresh.close();
const { runtime, close } = await demoRuntime({ timeoutMs: 10_000, typecheck: false });
await ok(runtime.run("return 1"));
const checkedStarted = performance.now();
await ok(runtime.run("return 1", { typecheck: true }));
const coldChecked = performance.now() - checkedStarted;
await sample(10, () => ok(runtime.run("return 1")), () => warm(runtime));
const trivial = await sample(runs, () => ok(runtime.run("return 1")), () => warm(runtime));
const CALLS = 20;
const sequential = await sample(Math.ceil(runs / 2), () => ok(runtime.run(`for (let i = 0; i < ${CALLS}; i++) await demo.echo({ text: "x" });`)), () => warm(runtime));
const concurrent = await sample(Math.ceil(runs / 5), () => ok(runtime.run(`await Promise.all(Array.from({ length: 100 }, () => demo.echo({ text: "x" })));`)), () => warm(runtime));
await warm(runtime);
const warmRss = await rssMiB(runtime.sandboxPid);
// Type-checking a 20-line script against the demo's typings, warm (the checker thread is up).
const script = (i: number) => Array.from({ length: 20 }, (_, line) => `const v${line} = await demo.echo({ text: "${i}-${line}" });`).join("\n");
await runtime.check(script(-1));
let variant = 0;
const typecheck = await sample(runs, () => runtime.check(script(variant++)));
const perCall = (p50(sequential) - p50(trivial)) / CALLS;

/** Runs per second, back to back, each in its own fresh sandbox process. */
async function sustained(runtime: Runtime, parallel: number, total: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next++ < total) await ok(runtime.run("return 1"));
  }));
  return total / ((performance.now() - started) / 1000);
}
const sequentialRate = await sustained(runtime, 1, 40);
await close();
const pooled = await demoRuntime({ timeoutMs: 10_000, typecheck: false });
await pooled.runtime.run("return 1");
const parallelRate = await sustained(pooled.runtime, 4, 60);
await pooled.close();
await direct.close();

const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
const rows: [string, string, string][] = [
  ["warm run, trivial snippet: p50", ms(p50(trivial)), `${(p50(trivial) / p50(bareVm)).toFixed(1)}× a bare vm context + run (${ms(p50(bareVm), 3)})`],
  ["warm run, trivial snippet: p95", ms(quantile(trivial, 0.95)), ""],
  ["cold: createRuntime + first run", ms(cold, 0), `${(cold / p50(nodeStart)).toFixed(1)}× node -e 0 (${ms(p50(nodeStart), 0)})`],
  ["first type-checked run (the checker thread loading TypeScript)", ms(coldChecked, 0), "once per runtime, in the background from createRuntime on"],
  ["tool call through the runtime (20 in a run, less a trivial run)", ms(perCall, 3), ""],
  ["per-call overhead over a direct in-memory callTool", ms(perCall - p50(directCalls), 3), `direct callTool p50 ${ms(p50(directCalls), 3)}`],
  ["100 concurrent calls in one run: p50", ms(p50(concurrent), 1), ""],
  ["type-check of a 20-line script, warm: p50", ms(p50(typecheck), 1), "pctx claims < 100 ms for the same job"],
  ["type-check of a 20-line script, warm: p95", ms(quantile(typecheck, 0.95), 1), ""],
  ["sustained runs per second, one at a time", `${sequentialRate.toFixed(1)}/s`, `${(1000 / p50(nodeStart)).toFixed(1)}/s node -e 0 one at a time`],
  ["sustained runs per second, four at a time", `${parallelRate.toFixed(1)}/s`, "each run in its own sandbox process"],
  ["memory of one warm sandbox (RSS)", `${warmRss.toFixed(1)} MiB`, "the default pool keeps one"],
];
if (process.env.BENCH_JSON) {
  // For `npm run bench` (bench/all.bench.ts): raw medians, the composer prints them beside their anchors.
  console.log(JSON.stringify({ nodeStart: p50(nodeStart), bareVm: p50(bareVm), direct: p50(directCalls), cold, trivialP50: p50(trivial), trivialP95: quantile(trivial, 0.95), perCall, overhead: perCall - p50(directCalls) }));
  process.exit(0);
}
console.log(`\ncodemode runtime, ${runs} samples, isolation "${runtime.isolation}", in-memory MCP server\n`);
for (const [name, value, anchor] of rows) console.log(`${name.padEnd(66)} ${value.padStart(12)}   ${anchor}`);
