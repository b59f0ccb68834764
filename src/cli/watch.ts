import path from "node:path";
import { watchGenerate } from "../watch/watch.js";
import type { CliIo } from "./io.js";
import type { ExitCode, GenerateFlags } from "./options.js";
import { reportError } from "./report.js";

/** `codemode generate --watch`: regenerates on changes until interrupted (Ctrl-C). */
export async function runWatch(flags: GenerateFlags, io: CliIo): Promise<ExitCode> {
  const stop = await watchGenerate(
    {
      cwd: io.cwd,
      env: io.env,
      ...(flags.config ? { configFile: path.resolve(io.cwd, flags.config) } : {}),
      ...(flags.out ? { outDir: path.resolve(io.cwd, flags.out) } : {}),
      ...(flags.server ? { servers: flags.server } : {}),
      offline: Boolean(flags.offline),
    },
    (event) => {
      if (event.type === "failed") reportError(io, event.error);
      else if (event.type === "generated" && !flags.silent) {
        const { plan } = event.result;
        io.stderr(`${event.reason}: wrote ${plan.added.length + plan.changed.length} files (${plan.unchanged.length} unchanged)\n`);
      } else if (event.type === "waiting" && !flags.silent) io.stderr(`watching ${event.watching.length} files and the live servers; Ctrl-C to stop\n`);
    },
  );
  await new Promise<void>((resolve) => (io.onInterrupt ? io.onInterrupt(resolve) : resolve()));
  await stop();
  return 0;
}
