/**
 * The type checker's thread: holds a warm language service over the API's typings, so that
 * loading TypeScript and binding the typings never blocks the host's event loop. It starts
 * before the typings are known (the host is still loading its config): TypeScript and its libs
 * are loaded, parsed and bound meanwhile, and the first message brings the typings.
 */
import { parentPort } from "node:worker_threads";
import { saveCodeCaches } from "../util/code-cache.js";
import { serveChecks, type CheckerReply } from "./serve.js";

const { AgentTypeChecker, documentRegistry } = await import("./checker.js");
const registry = documentRegistry();
// The libs, parsed and bound into the shared registry while the host gets the typings ready.
new AgentTypeChecker("", registry).check("return 0");
serveChecks({
  AgentTypeChecker,
  registry,
  receive: (listener) => parentPort!.on("message", listener),
  reply: (message: CheckerReply) => parentPort!.postMessage(message),
  // After warm-up, so the cache holds the functions a check compiles; before the first answer,
  // so a short-lived CLI does not exit before it is written (only the first start pays).
  warmed: saveCodeCaches,
});
