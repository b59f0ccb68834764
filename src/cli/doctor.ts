import { diagnoseIsolation } from "../runtime/doctor.js";
import { diagnoseWorkerd, type ExecutorReport } from "../runtime/executors-doctor.js";
import type { CliIo } from "./io.js";
import type { ExitCode } from "./options.js";

/**
 * `codemode doctor`: which sandbox layers hold here (exit 1 when one does not), and which
 * executors can run code. workerd is optional: its absence is reported, not failed.
 */
export async function runDoctor(flags: { json?: boolean }, io: CliIo): Promise<ExitCode> {
  const [report, workerd] = await Promise.all([diagnoseIsolation(io.env), diagnoseWorkerd()]);
  const runs = report.layers[0]!.holds;
  const all = report.layers.every((layer) => layer.holds);
  const executors: ExecutorReport[] = [
    { name: "node", available: runs, detail: runs ? `a Node process per run, isolation "${report.level}" (the layers below)` : "the sandbox process cannot start" },
    workerd,
  ];
  if (flags.json) {
    io.stdout(`${JSON.stringify({ ...report, executors }, null, 2)}\n`);
  } else {
    io.stdout(`codemode doctor: the sandbox on ${report.platform}, Node ${report.node}\n\nexecutors:\n`);
    for (const executor of executors) io.stdout(`  ${executor.available ? "✓" : "✗"} ${executor.name}: ${executor.detail}\n`);
    io.stdout("\nthe node executor's layers:\n");
    for (const layer of report.layers) io.stdout(`  ${layer.holds ? "✓" : "✗"} ${layer.name}: ${layer.detail}\n`);
    const verdict = report.level === "jail" ? "the strongest" : "weaker than the strongest (jail): see the layers marked ✗";
    io.stdout(`\nisolation: ${report.level} (${verdict})\n`);
  }
  return !runs ? 2 : all ? 0 : 1;
}
