import { describe } from "vitest";
import type { ExecutorName } from "../../src/runtime/executor.js";
import { locateWorkerd } from "../../src/runtime/workerd/locate.js";

const workerd = locateWorkerd();

/** Whether workerd can run here; when it cannot, why. */
export const workerdAvailable = workerd.found;
export const workerdMissing = workerd.found ? "" : `${workerd.why}; npm install workerd`;

/**
 * Declares `suite` once per executor, so the same guarantees are proved the same way for both.
 * The workerd suite is skipped, with the reason in its name, only where workerd is not installed.
 */
export function eachExecutor(suite: (executor: ExecutorName) => void): void {
  describe("node executor", () => suite("node"));
  if (workerd.found) describe("workerd executor", () => suite("workerd"));
  else describe.skip(`workerd executor (skipped: ${workerdMissing})`, () => suite("workerd"));
}
