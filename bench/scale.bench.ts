/**
 * `npm run bench:scale`: many concurrent runs (each with one tool call) driven through one and
 * through N local executor processes, for each executor: runs per second and latency
 * percentiles. Node: N warm sandbox processes (a process per run either way). workerd: one
 * process taking every run at once, then N processes sharing them.
 *
 * BENCH_CONCURRENCY (16), BENCH_TOTAL (160) and BENCH_PROCESSES (4) change the load.
 */
import type { ExecutorName } from "../src/runtime/executor.js";
import type { RuntimeOptions } from "../src/runtime/runtime.js";
import { locateWorkerd } from "../src/runtime/workerd/locate.js";
import { demoRuntime } from "../test/helpers/runtime.js";
import { ok, quantile } from "./executor-figures.js";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const total = Number(process.env.BENCH_TOTAL ?? 160);
const processes = Number(process.env.BENCH_PROCESSES ?? 4);
const CODE = `const r = await demo.echo({ text: "x" }); return r.text;`;

interface Setup {
  label: string;
  executor: ExecutorName;
  options: Omit<RuntimeOptions, "config" | "clients" | "defaults">;
}

const setups: Setup[] = [
  { label: "node, 1 warm process", executor: "node", options: { executor: "node", warmSandboxes: 1 } },
  { label: `node, ${processes} warm processes`, executor: "node", options: { executor: "node", warmSandboxes: processes } },
];
if (locateWorkerd().found) {
  setups.push(
    { label: "workerd, 1 process", executor: "workerd", options: { executor: "workerd", warmSandboxes: 1, workerd: { runsPerProcess: concurrency } } },
    { label: `workerd, ${processes} processes`, executor: "workerd", options: { executor: "workerd", warmSandboxes: processes, workerd: { runsPerProcess: Math.ceil(concurrency / processes) } } },
  );
}

console.log(`\ncodemode at scale: ${total} runs, ${concurrency} at a time, each with one tool call (in-memory MCP server)\n`);
console.log(`${"".padEnd(28)} ${"runs/s".padStart(9)} ${"p50".padStart(9)} ${"p95".padStart(9)} ${"p99".padStart(9)}`);
for (const setup of setups) {
  const { runtime, close } = await demoRuntime({ timeoutMs: 60_000, typecheck: false }, {}, setup.options);
  try {
    // Warm-up: every process started and used once.
    await Promise.all(Array.from({ length: concurrency }, () => ok(runtime.run(CODE))));
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < total) {
          const begun = performance.now();
          await ok(runtime.run(CODE));
          latencies.push(performance.now() - begun);
        }
      }),
    );
    const rate = total / ((performance.now() - started) / 1000);
    const ms = (q: number) => `${quantile(latencies, q).toFixed(1)} ms`.padStart(9);
    console.log(`${setup.label.padEnd(28)} ${`${rate.toFixed(1)}/s`.padStart(9)} ${ms(0.5)} ${ms(0.95)} ${ms(0.99)}`);
  } finally {
    await close();
  }
}
