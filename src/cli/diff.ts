import path from "node:path";
import { diff, diffFiles, type DiffResult } from "../semver/diff.js";
import type { CliIo } from "./io.js";
import { printable } from "./printable.js";
import { configFor, type DiffFlags, type ExitCode } from "./options.js";

/** `codemode diff`: classified API changes; exit 1 when any is breaking, so CI can gate on it. */
export async function runDiff(flags: DiffFlags, files: string[], io: CliIo): Promise<ExitCode> {
  const result: DiffResult =
    files.length === 2
      ? await diffFiles(path.resolve(io.cwd, files[0]!), path.resolve(io.cwd, files[1]!), files[1])
      : await diff(await configFor(flags, io), { ...(flags.server ? { servers: flags.server } : {}), env: io.env });
  const servers = Object.entries(result.changes);
  if (servers.length === 0) io.stdout("no API changes\n");
  for (const [server, changes] of servers) {
    io.stdout(`${server}:\n`);
    for (const change of changes) io.stdout(`  ${change.level}: ${printable(change.text)}\n`);
  }
  return result.breaking ? 1 : 0;
}
