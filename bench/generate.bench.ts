/**
 * `npm run bench:generate`: per-stage times of `codemode generate` for a synthetic 1,000-tool
 * server read from a snapshot and for the example servers, and the token size of the
 * generated API beside the compact `tools/list` JSON. Medians of several runs, side by side.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { countTokens } from "gpt-tokenizer";
import { loadConfig } from "../src/config/load.js";
import { generate, type Stage } from "../src/generate.js";
import { promptTypings } from "../src/prompt/prompt.js";
import { parseSnapshot } from "../src/snapshot/read.js";
import { syntheticTools } from "./synthetic.js";

const STAGES: ("config" | Stage)[] = ["config", "introspect", "version", "emit", "reuse", "compile", "format", "write"];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs generate into a fresh folder, seeded with a copy of `existing` (the committed output) when given. */
async function timeGenerate(configFile: string, runs: number, options: { offline?: boolean; existing?: string } = {}): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const config = await loadConfig({ file: configFile });
    const configMs = performance.now() - started;
    const outDir = await mkdtemp(path.join(os.tmpdir(), "codemode-bench-out-"));
    if (options.existing) await cp(options.existing, outDir, { recursive: true });
    const result = await generate({ ...config, outDir }, { offline: Boolean(options.offline) });
    const total = performance.now() - started;
    await rm(outDir, { recursive: true, force: true });
    for (const [stage, ms] of Object.entries({ config: configMs, ...result.timings, total })) (samples[stage] ??= []).push(ms);
  }
  return Object.fromEntries(Object.entries(samples).map(([stage, values]) => [stage, median(values)]));
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => (typeof cell === "number" ? cell.toFixed(0) : cell).padStart(widths[i]!)).join("  ");
}

const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-bench-"));
await writeFile(path.join(dir, "synthetic.json"), JSON.stringify({ serverInfo: { name: "synthetic", version: "1.0.0" }, tools: syntheticTools(1000) }));
await writeFile(path.join(dir, "codemode.config.json"), JSON.stringify({ servers: { synthetic: { snapshot: "synthetic.json" } } }));

const runs = Number(process.env.BENCH_RUNS ?? 5);
const synthetic = await timeGenerate(path.join(dir, "codemode.config.json"), runs);
const committed = path.resolve("examples/generated");
const examples = await timeGenerate(path.resolve("codemode.config.ts"), Math.max(1, Math.floor(runs / 2)), { existing: committed });
const offline = await timeGenerate(path.resolve("codemode.config.ts"), runs, { offline: true, existing: committed });

const widths = [34, ...STAGES.map((s) => Math.max(s.length, 6)), 7];
console.log(`\ncodemode generate, median ms of ${runs} runs (examples live: ${Math.max(1, Math.floor(runs / 2))})\n`);
console.log(row(["", ...STAGES, "total"], widths));
for (const [name, timings] of [["1,000 tools from a snapshot", synthetic], ["example servers, live", examples], ["example servers, --offline", offline]] as const) {
  console.log(row([name, ...STAGES.map((s) => timings[s] ?? 0), timings.total ?? 0], widths));
}

/** Tokens of each server's generated namespace beside its compact tools/list JSON. */
console.log("\nTokens (o200k): generated API vs compact tools/list JSON, every description kept");
console.log("(tools: the API of the tools alone; all: with the server's instructions, resources and prompts)\n");
const tokenWidths = [28, 8, 8, 8, 10];
console.log(row(["server", "tools", "JSON", "ratio", "all"], tokenWidths));
const sources: [string, string][] = [
  ...(await readdir("examples/generated", { withFileTypes: true })).filter((e) => e.isDirectory()).map((e): [string, string] => [e.name, path.join("examples/generated", e.name, "snapshot.json")]),
  ...(await readdir("test/fixtures/servers")).filter((f) => f.endsWith(".json") && f !== "hazards.json").map((f): [string, string] => [`fixture ${f.slice(0, -5)}`, path.join("test/fixtures/servers", f)]),
  ["synthetic 1,000", path.join(dir, "synthetic.json")],
];
let apiTotal = 0;
let jsonTotal = 0;
const namespaceTokens = (typings: string) => countTokens(typings.slice(typings.indexOf("declare namespace")));
for (const [name, file] of sources) {
  const text = await readFile(file, "utf8");
  const listing = parseSnapshot(text, "s", file);
  const { instructions: _i, ...rest } = listing.snapshot;
  const toolsOnly = { ...listing, snapshot: { ...rest, resources: [], resourceTemplates: [], prompts: [] } };
  const api = namespaceTokens(await promptTypings([toolsOnly]));
  const all = namespaceTokens(await promptTypings([listing]));
  const json = countTokens(JSON.stringify({ tools: (JSON.parse(text) as { tools: unknown[] }).tools }));
  if (!name.startsWith("synthetic")) (apiTotal += api), (jsonTotal += json);
  console.log(row([name, api, json, (api / json).toFixed(2), all], tokenWidths));
}
console.log(row(["all but synthetic", apiTotal, jsonTotal, (apiTotal / jsonTotal).toFixed(2), ""], tokenWidths));
await rm(dir, { recursive: true, force: true });
