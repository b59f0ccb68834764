/**
 * `npm run bench:runtime`: the runtime against a real MCP server in memory, side by side with
 * calling the same server's client directly. Medians and p95 of many runs in one process.
 */
import { readFile } from "node:fs/promises";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createDemoServer } from "../test/servers/demo.js";
import { demoRuntime } from "../test/helpers/runtime.js";

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
async function sample(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
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

const coldStarted = performance.now();
const { runtime, close } = await demoRuntime({ timeoutMs: 10_000 });
await ok(runtime.run("return 1"));
const cold = performance.now() - coldStarted;

// A direct client on its own copy of the same server, for the baseline.
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
await createDemoServer().connect(serverSide);
const direct = new Client({ name: "bench", version: "1" });
await direct.connect(clientSide);

const runs = Number(process.env.BENCH_RUNS ?? 200);
await sample(20, () => runtime.run("return 1")); // warm up
const trivial = await sample(runs, () => ok(runtime.run("return 1")));
const CALLS = 20;
const sequential = await sample(Math.ceil(runs / 4), () => ok(runtime.run(`for (let i = 0; i < ${CALLS}; i++) await demo.echo({ text: "x" });`)));
const directCalls = await sample(runs, () => direct.callTool({ name: "echo", arguments: { text: "x" } }));
const concurrent = await sample(Math.ceil(runs / 10), () => ok(runtime.run(`await Promise.all(Array.from({ length: 100 }, () => demo.echo({ text: "x" })));`)));

const perCall = (quantile(sequential, 0.5) - quantile(trivial, 0.5)) / CALLS;
const rssKb = async (pid: number | undefined) => {
  const status = pid ? await readFile(`/proc/${pid}/status`, "utf8").catch(() => "") : "";
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
};

const rows: [string, string][] = [
  ["warm run, trivial snippet: p50", `${quantile(trivial, 0.5).toFixed(2)} ms`],
  ["warm run, trivial snippet: p95", `${quantile(trivial, 0.95).toFixed(2)} ms`],
  ["cold: createRuntime + first run", `${cold.toFixed(0)} ms`],
  ["direct client.callTool: p50", `${quantile(directCalls, 0.5).toFixed(3)} ms`],
  [`tool call through the runtime (${CALLS} in a run, less a trivial run)`, `${perCall.toFixed(3)} ms`],
  ["per-call overhead over the direct call", `${(perCall - quantile(directCalls, 0.5)).toFixed(3)} ms`],
  ["100 concurrent calls in one run: p50", `${quantile(concurrent, 0.5).toFixed(1)} ms`],
  ["sandbox process RSS with a warm worker", `${((await rssKb(runtime.sandboxPid)) / 1024).toFixed(1)} MiB`],
];
console.log(`\ncodemode runtime, ${runs} runs, in-memory MCP server\n`);
for (const [name, value] of rows) console.log(`${name.padEnd(64)} ${value.padStart(12)}`);
await direct.close();
await close();
