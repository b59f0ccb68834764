import { existsSync } from "node:fs";
import path from "node:path";
import { generate } from "../generate.js";
import type { CliIo } from "./io.js";
import { configFor, type ExitCode, type GenerateFlags } from "./options.js";
import { printable } from "./printable.js";
import { progressPrinter } from "./report.js";
import { CodemodeError } from "../errors.js";

/** `codemode generate`: writes the packages, or with `--check` lists what is stale. */
export async function runGenerate(flags: GenerateFlags, io: CliIo): Promise<ExitCode> {
  if (flags.watch && flags.check) throw new CodemodeError("USAGE", "--watch and --check do not go together", { hint: "--check is for CI; --watch for a working session" });
  // The watcher imports the MCP client; a one-off generate loads it only for live servers.
  if (flags.watch) return (await import("./watch.js")).runWatch(flags, io);
  const chatty = io.interactive && !flags.silent;
  const config = await configFor(flags, io);
  const started = performance.now();
  const result = await generate(config, {
    ...(flags.server ? { servers: flags.server } : {}),
    offline: Boolean(flags.offline),
    check: Boolean(flags.check),
    env: io.env,
    ...(chatty ? { onProgress: progressPrinter(io), log: io.stderr } : {}),
  });
  if (chatty) for (const warning of result.warnings) io.stderr(`  warning: ${printable(warning)}\n`);
  const out = path.relative(io.cwd, config.outDir) || ".";
  const { plan } = result;
  if (flags.check) {
    if (result.upToDate) {
      if (chatty) io.stderr(`${out} is up to date\n`);
      return 0;
    }
    io.stderr(`codemode: ${out} is stale; run \`codemode generate\` and commit the result\n`);
    for (const [server, changes] of Object.entries(result.changes)) {
      io.stderr(`  server "${server}" changed:\n`);
      for (const change of changes) io.stderr(`    ${change.level}: ${printable(change.text)}\n`);
    }
    for (const file of plan.added) io.stderr(`  missing  ${out}/${file}\n`);
    for (const file of plan.changed) io.stderr(`  changed  ${out}/${file}\n`);
    for (const name of plan.removed) io.stderr(`  extra    ${out}/${name}/ (server no longer configured)\n`);
    return 1;
  }
  if (chatty) {
    for (const [server, changes] of Object.entries(result.changes)) {
      io.stderr(`  ${server}: ${changes.map((change) => `${change.level}: ${printable(change.text)}`).join("; ")}\n`);
    }
  }
  // The one line a script or CI log keeps too; --silent drops it.
  if (!flags.silent) {
    const written = plan.added.length + plan.changed.length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr(`wrote ${written} file${written === 1 ? "" : "s"} to ${out} (${plan.unchanged.length} unchanged) in ${seconds}s\n`);
    for (const name of plan.removed) io.stderr(`removed ${out}/${name}/: the server is no longer in the config\n`);
  }
  await prepareTypeChecker(chatty ? io : undefined);
  return 0;
}

/**
 * Makes the type checker's startup snapshot if this install has none (about a second, once per
 * install or upgrade): a checked `codemode run` then starts its checker from it, in a fraction
 * of the time (see `typecheck/snapshot-file.ts`). Where it cannot be made, runs check in a thread.
 */
async function prepareTypeChecker(io: CliIo | undefined): Promise<void> {
  const { checkerSnapshotFile, removeAbandonedBuilds } = await import("../typecheck/snapshot-file.js");
  const file = checkerSnapshotFile();
  if (!file) return;
  removeAbandonedBuilds(file);
  if (existsSync(file)) return;
  const { buildCheckerSnapshot } = await import("../typecheck/snapshot-build.js");
  io?.stderr("preparing the type checker for `codemode run` (once per install)…\n");
  await buildCheckerSnapshot(file);
}
