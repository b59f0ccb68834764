import type { ExecutorName } from "./executor.js";
import { locateWorkerd } from "./workerd/locate.js";
import { WorkerdExecutor } from "./workerd/workerd-executor.js";

/** Whether an executor can run agent code on this machine, found by running code in it. */
export interface ExecutorReport {
  name: ExecutorName;
  available: boolean;
  detail: string;
}

const PROBE_LIMITS = { maxToolCalls: 0, maxArgumentBytes: 1, maxLogBytes: 1, maxResultBytes: 16 };

/**
 * The workerd executor: the package found, its binary run, and one real run through a fresh
 * dynamic worker. Not having it is no failure of the machine: it is an optional dependency.
 */
export async function diagnoseWorkerd(): Promise<ExecutorReport> {
  const binary = locateWorkerd();
  if (!binary.found) return { name: "workerd", available: false, detail: `${binary.why}: npm install workerd to add it` };
  let executor: WorkerdExecutor | undefined;
  try {
    executor = new WorkerdExecutor([], 64, 0, 2 ** 20);
    const slot = await executor.take(64);
    const outcome = await slot.run("(async () => 1)", PROBE_LIMITS, 15_000, { onCall() {}, onLog() {} });
    if (outcome.ok && outcome.result === "1") return { name: "workerd", available: true, detail: `${binary.version}: a fresh V8 isolate per run, no outbound network, no Node APIs` };
    return { name: "workerd", available: false, detail: `${binary.version} starts, but a run failed: ${outcome.ok ? "wrong result" : outcome.error.message}` };
  } catch (error) {
    return { name: "workerd", available: false, detail: `${binary.version} does not run code here: ${(error as Error).message}` };
  } finally {
    executor?.close();
  }
}
