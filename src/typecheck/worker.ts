/**
 * The type checker's thread: holds a warm language service over the typings it was started
 * with, so that loading TypeScript and binding the typings never blocks the host's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { AgentTypeChecker } from "./checker.js";

const checker = new AgentTypeChecker(workerData as string);
checker.check("return 0"); // warm: libs and typings parsed and bound before the first request
parentPort!.postMessage({ ready: true });
parentPort!.on("message", ({ id, code }: { id: number; code: string }) => {
  try {
    parentPort!.postMessage({ id, diagnostics: checker.check(code) });
  } catch (error) {
    parentPort!.postMessage({ id, error: String((error as Error)?.stack ?? error) });
  }
});
