/**
 * `npm run bench:ab -- <other checkout> [pairs] -- <codemode args…>`: one CLI command of this
 * checkout against the same command of another, run in interleaved pairs, so that a shared,
 * noisy machine weighs on both sides alike; prints each side's median, min and max wall time.
 * Each side runs its own built `bin/codemode.js` from its own folder (relative paths in the
 * command are each side's own). For example, a checked `codemode run` against another build:
 *
 *     npm run bench:ab -- ../codemode-before 20 -- run agent.ts
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const [other, pairs = "10"] = split >= 0 ? args.slice(0, split) : args;
const command = split >= 0 ? args.slice(split + 1) : [];
if (!other || command.length === 0 || !(Number(pairs) > 0)) {
  console.error("usage: npm run bench:ab -- <other checkout> [pairs] -- <codemode args…>");
  process.exit(2);
}

const sides = { this: path.resolve("."), other: path.resolve(other) };
const times: Record<keyof typeof sides, number[]> = { this: [], other: [] };
for (let pair = 0; pair < Number(pairs); pair++) {
  // Alternating which side goes first, so neither always runs on a machine the other just warmed.
  const order = (pair % 2 === 0 ? ["other", "this"] : ["this", "other"]) as (keyof typeof sides)[];
  for (const side of order) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(sides[side], "bin/codemode.js"), ...command], { cwd: sides[side], encoding: "utf8" });
    times[side].push(performance.now() - started);
    // A command that fails (fast) would time as a win.
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`${side}: codemode ${command.join(" ")} exited ${result.status}: ${result.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  }
}

const ms = (value: number) => `${Math.round(value)} ms`;
for (const side of ["other", "this"] as const) {
  const sorted = [...times[side]].sort((a, b) => a - b);
  console.log(`${side.padEnd(5)} ${sides[side]}: median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, min ${ms(sorted[0]!)}, max ${ms(sorted.at(-1)!)} (${sorted.length} runs)`);
}
