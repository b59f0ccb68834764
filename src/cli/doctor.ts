import { diagnoseIsolation } from "../runtime/doctor.js";
import type { CliIo } from "./io.js";
import type { ExitCode } from "./options.js";

/** `codemode doctor`: which sandbox layers hold here; exit 1 when one does not. */
export async function runDoctor(flags: { json?: boolean }, io: CliIo): Promise<ExitCode> {
  const report = await diagnoseIsolation(io.env);
  const runs = report.layers[0]!.holds;
  const all = report.layers.every((layer) => layer.holds);
  if (flags.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(`codemode doctor: the sandbox on ${report.platform}, Node ${report.node}\n\n`);
    for (const layer of report.layers) io.stdout(`  ${layer.holds ? "✓" : "✗"} ${layer.name}: ${layer.detail}\n`);
    const verdict = report.level === "jail" ? "the strongest" : "weaker than the strongest (jail): see the layers marked ✗";
    io.stdout(`\nisolation: ${report.level} (${verdict})\n`);
  }
  return !runs ? 2 : all ? 0 : 1;
}
