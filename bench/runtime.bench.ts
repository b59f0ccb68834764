/**
 * `npm run bench:runtime`: the runtime against a real MCP server in memory, for each executor
 * side by side (node, and workerd when it is installed), each figure beside an anchor measured
 * in the same run (a bare `vm` context, `node -e 0`, a direct `client.callTool`, a fresh
 * process's pipe round trip), so the table reads as ratios on whatever machine runs it.
 */
import { spawnSync } from "node:child_process";
import vm from "node:vm";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import type { ExecutorName } from "../src/runtime/executor.js";
import { locateWorkerd } from "../src/runtime/workerd/locate.js";
import { createDemoServer } from "../test/servers/demo.js";
import { CALLS, measureExecutor, p50, quantile, sample, WARM_UP_CALLS, type ExecutorFigures } from "./executor-figures.js";
import { pipeRoundTrip } from "./pipe-floor.js";

const runs = Number(process.env.BENCH_RUNS ?? 100);

// Anchors.
const nodeStart = await sample(10, () => spawnSync(process.execPath, ["-e", "0"]));
const bareVm = await sample(runs, () => vm.runInContext("1", vm.createContext({})));
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
await createDemoServer({ delayMs: 0 }).connect(serverSide);
const direct = new Client({ name: "bench", version: "1" });
await direct.connect(clientSide);
const directCall = () => direct.callTool({ name: "echo", arguments: { text: "x" } });
const directFresh = await sample(runs * 2, directCall);
await sample(WARM_UP_CALLS, directCall);
const directCalls = await sample(runs * 2, directCall);
const pipeTrips: number[] = [];
// A tool call's floor here: a round trip to a fresh process and a direct call in turn, as the runtime's host and sandbox take turns.
const pipeCallTrips: number[] = [];
for (let i = 0; i < Math.max(5, Math.ceil(runs / 5)); i++) {
  pipeTrips.push(await pipeRoundTrip(CALLS));
  pipeCallTrips.push(await pipeRoundTrip(CALLS, directCall));
}
await direct.close();

const workerd = locateWorkerd();
const executors: ExecutorName[] = process.env.BENCH_JSON ? ["node"] : ["node", ...(workerd.found ? ["workerd" as const] : [])];
const figures: ExecutorFigures[] = [];
for (const executor of executors) figures.push(await measureExecutor(executor, runs));
const node = figures[0]!;

if (process.env.BENCH_JSON) {
  // For `npm run bench` (bench/all.bench.ts): raw medians of the default executor, the composer prints them beside their anchors.
  console.log(JSON.stringify({ nodeStart: p50(nodeStart), bareVm: p50(bareVm), direct: p50(directCalls), cold: node.cold, trivialP50: p50(node.trivial), trivialP95: quantile(node.trivial, 0.95), perCall: node.perCall, overhead: node.perCall - p50(directCalls), directFresh: p50(directFresh), overheadFresh: node.perCallFresh - p50(directFresh), pipeTrip: p50(pipeTrips), pipeCallTrip: p50(pipeCallTrips) }));
  process.exit(0);
}

const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
const rows: [string, (f: ExecutorFigures) => string, string][] = [
  ["warm run, trivial snippet: p50", (f) => ms(p50(f.trivial)), `a bare vm context + run: ${ms(p50(bareVm), 3)}`],
  ["warm run, trivial snippet: p95", (f) => ms(quantile(f.trivial, 0.95)), ""],
  ["cold: createRuntime + first run", (f) => ms(f.cold, 0), `node -e 0: ${ms(p50(nodeStart), 0)}`],
  ["first type-checked run (the checker thread loading TypeScript)", (f) => ms(f.coldChecked, 0), "once per runtime, in the background"],
  [`tool call through the runtime (20 in a run, less a trivial run), after ${WARM_UP_CALLS}`, (f) => ms(f.perCall, 3), ""],
  ["per-call overhead over a direct in-memory callTool, both warm", (f) => ms(f.perCall - p50(directCalls), 3), `direct callTool p50 ${ms(p50(directCalls), 3)} after ${WARM_UP_CALLS}; a fresh process's pipe round trip ${ms(p50(pipeTrips), 3)}, and a round trip then a direct callTool in turn ${ms(p50(pipeCallTrips), 3)}`],
  ["per-call overhead, fresh host (its first calls)", (f) => ms(f.perCallFresh - p50(directFresh), 3), `direct callTool p50 ${ms(p50(directFresh), 3)}, first ${runs * 2}`],
  ["100 concurrent calls in one run: p50", (f) => ms(p50(f.concurrent), 1), ""],
  ["sustained runs per second, one at a time", (f) => `${f.sequentialRate.toFixed(1)}/s`, `node -e 0 one at a time: ${(1000 / p50(nodeStart)).toFixed(1)}/s`],
  ["sustained runs per second, four at a time", (f) => `${f.parallelRate.toFixed(1)}/s`, "default pools: one warm slot"],
  ["memory of one warm slot (RSS)", (f) => `${f.warmRss.toFixed(1)} MiB`, "node: a sandbox process; workerd: a workerd process"],
];
console.log(`\ncodemode runtime, ${runs} samples, in-memory MCP server; node isolation "${node.isolation}"${workerd.found ? `, ${workerd.version}` : ` (workerd: ${workerd.why}; npm install workerd to compare)`}\n`);
console.log(`${"".padEnd(66)} ${figures.map((f) => f.executor.padStart(12)).join(" ")}   anchor`);
for (const [name, value, anchor] of rows) console.log(`${name.padEnd(66)} ${figures.map((f) => value(f).padStart(12)).join(" ")}   ${anchor}`);
