/**
 * The type checker's thread: holds a warm language service over the typings it was started
 * with, so that loading TypeScript and binding the typings never blocks the host's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadCompiler } from "./load-compiler.js";

// Before the checker's own import of TypeScript, which then finds it loaded from the code cache.
let compiler: ReturnType<typeof loadCompiler> | undefined;
try {
  compiler = loadCompiler();
} catch {
  compiler = undefined;
}
const { AgentTypeChecker } = await import("./checker.js");
const checker = new AgentTypeChecker(workerData as string);
checker.check("return 0"); // warm: libs and typings parsed and bound before the first request
// After warm-up, so the cache holds the functions a check compiles; before the first answer, so a
// short-lived CLI does not exit before it is written (only the first start on a machine pays).
compiler?.save();
parentPort!.postMessage({ ready: true });
parentPort!.on("message", ({ id, code }: { id: number; code: string }) => {
  try {
    parentPort!.postMessage({ id, diagnostics: checker.check(code) });
  } catch (error) {
    parentPort!.postMessage({ id, error: String((error as Error)?.stack ?? error) });
  }
});
