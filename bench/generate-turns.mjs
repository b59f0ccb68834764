/**
 * The whole-process `generate` rows of `npm run bench`, for two or more checkouts run taking
 * turns (each sample of each case runs every checkout once), so that a shared machine's load
 * falls on all alike. Medians; `RUNS` sets how many (5), `ONLY` a comma-separated list of cases.
 *
 *   node bench/generate-turns.mjs /path/to/main-checkout .      (both built: npm run build)
 *
 * Cases: offlineWarm (`generate --offline`, the examples unchanged), offlineCold (the same with
 * the fingerprints removed), corpusCold (the 7 fixtures + 1,000 synthetic tools into an empty
 * folder), corpusCheck (`--check` of it, unchanged), liveCold / live (server-everything into an
 * empty folder / with its package there).
 */
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
const roots = process.argv.slice(2).map((root) => path.resolve(root));
const runs = Number(process.env.RUNS ?? 5);
const only = process.env.ONLY?.split(",");
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const tmp = await mkdtemp(path.join(os.tmpdir(), "genbench-"));
const ref = roots[0];
// synthetic via tsx in first root
spawnSync(process.execPath, ["--import", "tsx", "-e", `import {syntheticTools} from "${ref}/bench/synthetic.ts"; import fs from "node:fs"; fs.writeFileSync("${tmp}/synthetic.json", JSON.stringify({ serverInfo: { name: "synthetic", version: "1.0.0" }, tools: syntheticTools(1000) }))`], { cwd: ref, stdio: "inherit" });
const fixtures = (await readdir(`${ref}/test/fixtures/servers`)).filter((f) => f.endsWith(".json") && f !== "hazards.json");
const corpusServers = Object.fromEntries([...fixtures.map((f) => [f.slice(0, -5), { snapshot: path.resolve(ref, "test/fixtures/servers", f) }]), ["synthetic", { snapshot: path.join(tmp, "synthetic.json") }]]);
const everything = path.resolve(ref, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const cases = {
  node: (root) => ({ args: ["-e", "0"] }),
  offlineWarm: (root) => ({ args: [`${root}/bin/codemode.js`, "generate", "--offline", "--silent"] }),
  offlineCold: (root, t) => ({
    args: [`${root}/bin/codemode.js`, "generate", "--offline", "--silent", "-o", `${t}/cold`],
    before: async () => {
      await rm(`${t}/cold`, { recursive: true, force: true });
      await cp(`${root}/examples/generated`, `${t}/cold`, { recursive: true });
      for (const e of await readdir(`${t}/cold`, { withFileTypes: true })) {
        const f = path.join(`${t}/cold`, e.name, "package.json");
        if (e.isDirectory()) await writeFile(f, (await readFile(f, "utf8")).replace(/,\n\s*"codemode": \{[^}]*\}/, ""));
      }
    },
  }),
  corpusCold: (root, t) => ({ args: [`${root}/bin/codemode.js`, "generate", "--silent", "-c", `${t}/corpus.config.json`], before: () => rm(`${t}/corpus`, { recursive: true, force: true }) }),
  corpusCheck: (root, t) => ({ args: [`${root}/bin/codemode.js`, "generate", "--check", "--silent", "-c", `${t}/corpus.config.json`] }),
  liveCold: (root, t) => ({ args: [`${root}/bin/codemode.js`, "generate", "--silent", "-c", `${t}/live.config.json`], before: () => rm(`${t}/live`, { recursive: true, force: true }) }),
  live: (root, t) => ({ args: [`${root}/bin/codemode.js`, "generate", "--silent", "-c", `${t}/live.config.json`] }),
};
const dirs = {};
for (const [i, root] of roots.entries()) {
  const t = path.join(tmp, String(i));
  await rm(t, { recursive: true, force: true });
  await (await import("node:fs/promises")).mkdir(t, { recursive: true });
  await writeFile(`${t}/corpus.config.json`, JSON.stringify({ outDir: "corpus", servers: corpusServers }));
  await writeFile(`${t}/live.config.json`, JSON.stringify({ outDir: "live", servers: { everything: { command: process.execPath, args: [everything] } } }));
  dirs[root] = t;
}
const samples = {};
const names = Object.keys(cases).filter((n) => !only || only.includes(n) || n === "node");
for (const name of names) {
  // warm: make corpus exist for check
  for (const root of roots) if (name === "corpusCheck") spawnSync(process.execPath, cases.corpusCold(root, dirs[root]).args, { cwd: root });
  for (let r = 0; r < runs; r++) {
    for (const root of roots) {
      const c = cases[name](root, dirs[root]);
      await c.before?.();
      const s = performance.now();
      const res = spawnSync(process.execPath, c.args, { cwd: root, encoding: "utf8" });
      const ms = performance.now() - s;
      if (res.status !== 0) throw new Error(`${root} ${name}: ${res.status} ${res.stderr}`);
      ((samples[name] ??= {})[root] ??= []).push(ms);
    }
  }
}
console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; runs ${runs}`);
console.log(["case".padEnd(12), ...roots.map((r) => path.basename(r).padStart(14))].join(""));
for (const name of names) console.log([name.padEnd(12), ...roots.map((r) => `${median(samples[name][r]).toFixed(0)} ms`.padStart(14))].join(""));
await rm(tmp, { recursive: true, force: true });
