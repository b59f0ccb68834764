/**
 * `npm run bench`: every row of the performance table in one run, each beside an anchor measured
 * in the same run (`node -e 0`, an SDK client that only starts a server and lists it, a direct
 * in-memory `callTool`, a bare `vm` context), so the table reads as ratios on any machine.
 * Medians of several runs; `BENCH_RUNS` sets how many. Whole-process rows spawn `bin/codemode.js`
 * (the built `dist/`); `BENCH_ROOT` points them at another checkout, to compare.
 *
 * The issue's 37-server corpus is not in the repo: "corpus" rows use the seven real servers'
 * snapshots under `test/fixtures/servers/` plus the synthetic 1,000-tool API of `synthetic.ts`.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { syntheticTools } from "./synthetic.js";
import { measureTokens, summarizeTokens, tokenSources } from "./tokens.bench.js";

const runs = Number(process.env.BENCH_RUNS ?? 7);
const root = path.resolve(process.env.BENCH_ROOT ?? ".");
const bin = path.join(root, "bin/codemode.js");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const tmp = await mkdtemp(path.join(os.tmpdir(), "codemode-bench-all-"));

/** Median wall time of a process, in ms; `before` runs untimed ahead of each sample. */
async function wall(args: string[], options: { cwd?: string; before?: () => Promise<void> } = {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await options.before?.();
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: options.cwd ?? root, encoding: "utf8" });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return median(times);
}

// Anchors.
const nodeStart = await wall(["-e", "0"]);
const sdk = pathToFileURL(path.resolve("node_modules/@modelcontextprotocol/client/dist")).href;
const everything = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const floorScript = path.join(tmp, "floor.mjs");
await writeFile(
  floorScript,
  `import { Client } from "${sdk}/index.mjs";
import { StdioClientTransport } from "${sdk}/stdio.mjs";
const client = new Client({ name: "floor", version: "1" });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [${JSON.stringify(everything)}] }));
await Promise.all([client.listTools(), client.listResources(), client.listResourceTemplates(), client.listPrompts()]);
await client.close();
`,
);
const sdkFloor = await wall([floorScript]);

// The CLI.
const help = await wall([bin, "--help"]);
const version = await wall([bin, "-v"]);
const examples = path.join(root, "examples/generated");
const offlineWarm = await wall([bin, "generate", "--offline", "--silent"]);
const coldOut = path.join(tmp, "examples-cold");
/** The committed examples without their fingerprints: every package compiled and formatted again. */
const coldCopy = async () => {
  await rm(coldOut, { recursive: true, force: true });
  await cp(examples, coldOut, { recursive: true });
  for (const entry of await readdir(coldOut, { withFileTypes: true })) {
    const file = path.join(coldOut, entry.name, "package.json");
    if (entry.isDirectory()) await writeFile(file, (await readFile(file, "utf8")).replace(/,\n\s*"codemode": \{[^}]*\}/, ""));
  }
};
const offlineCold = await wall([bin, "generate", "--offline", "--silent", "-o", coldOut], { before: coldCopy });

const liveConfig = path.join(tmp, "live.config.json");
await writeFile(liveConfig, JSON.stringify({ outDir: "live", servers: { everything: { command: process.execPath, args: [everything] } } }));
const live = await wall([bin, "generate", "--silent", "-c", liveConfig]);

const corpus = path.join(tmp, "corpus.config.json");
await writeFile(path.join(tmp, "synthetic.json"), JSON.stringify({ serverInfo: { name: "synthetic", version: "1.0.0" }, tools: syntheticTools(1000) }));
const fixtures = (await readdir("test/fixtures/servers")).filter((file) => file.endsWith(".json") && file !== "hazards.json");
const corpusServers = Object.fromEntries([
  ...fixtures.map((file) => [file.slice(0, -5), { snapshot: path.resolve("test/fixtures/servers", file) }]),
  ["synthetic", { snapshot: path.join(tmp, "synthetic.json") }],
]);
await writeFile(corpus, JSON.stringify({ outDir: "corpus", servers: corpusServers }));
const corpusCold = await wall([bin, "generate", "--silent", "-c", corpus], { before: () => rm(path.join(tmp, "corpus"), { recursive: true, force: true }) });
const corpusCheck = await wall([bin, "generate", "--check", "--silent", "-c", corpus]);

const agent = path.join(tmp, "one.ts");
await writeFile(agent, "return 1;\n");
const run = await wall([bin, "run", agent]);
const runUnchecked = spawnSync(process.execPath, [bin, "run", "--help"], { encoding: "utf8" }).stdout.includes("--no-typecheck") ? await wall([bin, "run", "--no-typecheck", agent]) : NaN;

// The runtime, in its own process: its figures and anchors from bench/runtime.bench.ts.
const runtimeOut = spawnSync(process.execPath, ["--import", "tsx", "bench/runtime.bench.ts"], { encoding: "utf8", env: { ...process.env, BENCH_JSON: "1", BENCH_RUNS: String(Math.max(50, runs * 10)) } });
const rt = JSON.parse(runtimeOut.stdout.trim().split("\n").at(-1)!) as Record<string, number>;

// Tokens: every fixture and example server (see tokens.bench.ts, `npm run bench:tokens`, for the per-server figures).
const tokenRows = await measureTokens(await tokenSources(root));
const { worstPrompt, typingsRatio } = summarizeTokens(tokenRows);
const everythingRow = tokenRows.find((row) => row.name === "everything");
const everythingPrompt = everythingRow ? everythingRow.prompt / everythingRow.listsJson : NaN;

const s = (ms: number) => (ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 1 ? 3 : 1)} ms`);
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const rows: [string, string, string, string][] = [
  ["`codemode --help`", s(help), `${x(help / nodeStart)} \`node -e 0\` (${s(nodeStart)})`, "≤ 3×"],
  ["`codemode -v`", s(version), `${x(version / nodeStart)} \`node -e 0\``, "≤ 3×"],
  ["`generate --offline`, 4 examples, unchanged", s(offlineWarm), `${x(offlineWarm / nodeStart)} \`node -e 0\``, "≤ 0.4 s"],
  ["`generate --offline`, 4 examples, no fingerprints", s(offlineCold), "every package compiled and formatted", "≤ 0.4 s"],
  ["live `generate`, server-everything", s(live), `${x(live / sdkFloor)} an SDK client that starts, lists, exits (${s(sdkFloor)})`, "≤ 1.15×"],
  ["`generate`, corpus (7 fixtures + 1,000 tools), cold", s(corpusCold), "into an empty folder", "≤ 2.5 s"],
  ["`generate --check`, same corpus, unchanged", s(corpusCheck), `${x(corpusCheck / nodeStart)} \`node -e 0\``, "≤ 1.5 s"],
  ["`codemode run` of `return 1`, whole process", s(run), `${x(run / nodeStart)} \`node -e 0\`; type-checked`, "≤ 0.35 s"],
  ...(Number.isNaN(runUnchecked) ? [] : [["`codemode run --no-typecheck` of `return 1`", s(runUnchecked), `${x(runUnchecked / nodeStart)} \`node -e 0\``, "≤ 0.35 s"] as [string, string, string, string]]),
  ["cold `createRuntime` + first run", s(rt.cold!), `${x(rt.cold! / rt.nodeStart!)} \`node -e 0\``, "≤ 0.2 s"],
  ["warm run, trivial snippet, p50", s(rt.trivialP50!), `${x(rt.trivialP50! / rt.bareVm!)} a bare \`vm\` context + run (${s(rt.bareVm!)})`, "≤ 1 ms"],
  ["warm run, trivial snippet, p95", s(rt.trivialP95!), "", "≤ 3 ms"],
  ["tool-call overhead over a direct `callTool`, both warm", s(rt.overhead!), `direct in-memory \`callTool\` ${s(rt.direct!)}, each after 2,000 calls; ${x(rt.overhead! / rt.pipeTrip!)} a fresh process's pipe round trip (${s(rt.pipeTrip!)}); a whole call ${s(rt.perCall!)}, ${x(rt.perCall! / rt.pipeCallTrip!)} a round trip and a direct \`callTool\` in turn (${s(rt.pipeCallTrip!)})`, "≤ 0.2 ms"],
  ["tool-call overhead, a fresh host's first calls", s(rt.overheadFresh!), `direct in-memory \`callTool\` ${s(rt.directFresh!)}, its first calls`, ""],
  ["prompt tokens ÷ full lists' JSON, server-everything", x(everythingPrompt), `worst fixture: ${worstPrompt[0]} ${x(worstPrompt[1])}`, "≤ 1.0× each"],
  ["typings tokens ÷ `tools/list` JSON, all fixtures + examples", x(typingsRatio), "every description kept", "≤ 0.65×"],
];
console.log(`\ncodemode performance, medians of ${runs} runs (runtime: ${Math.max(50, runs * 10)} samples), ${os.cpus().length} CPUs, Node ${process.version}\n`);
console.log("| what | now | anchor, same run | target |\n|---|---|---|---|");
for (const cells of rows) console.log(`| ${cells.join(" | ")} |`);
await rm(tmp, { recursive: true, force: true });
