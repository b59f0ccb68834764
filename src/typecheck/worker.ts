/**
 * The type checker's thread: holds a warm language service over the API's typings, so that
 * loading TypeScript and binding the typings never blocks the host's event loop. It starts
 * before the typings are known (the host is still loading its config): TypeScript and its libs
 * are loaded, parsed and bound meanwhile, and the first message brings the typings.
 */
import { parentPort } from "node:worker_threads";
import { saveCodeCaches } from "../util/code-cache.js";

/** Host → checker: the typings once, first; then code to check. */
export type CheckerRequest = { typings: string } | { id: number; code: string };

const { AgentTypeChecker, documentRegistry } = await import("./checker.js");
const registry = documentRegistry();
// The libs, parsed and bound into the shared registry while the host gets the typings ready.
new AgentTypeChecker("", registry).check("return 0");
let checker: InstanceType<typeof AgentTypeChecker> | undefined;
parentPort!.on("message", (request: CheckerRequest) => {
  if ("typings" in request) {
    checker = new AgentTypeChecker(request.typings, registry);
    checker.check("return 0"); // warm: the typings bound before the first request
    // After warm-up, so the cache holds the functions a check compiles; before the first answer,
    // so a short-lived CLI does not exit before it is written (only the first start pays).
    saveCodeCaches();
    parentPort!.postMessage({ ready: true });
    return;
  }
  try {
    parentPort!.postMessage({ id: request.id, diagnostics: checker!.check(request.code) });
  } catch (error) {
    // The error's kind and message only: its stack names the host's files.
    parentPort!.postMessage({ id: request.id, error: `${(error as Error)?.name ?? "Error"}: ${String((error as Error)?.message ?? error).split("\n")[0]}` });
  }
});
