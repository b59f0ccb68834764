/**
 * The entry of the type checker's startup snapshot (see `snapshot-file.ts`): bundled into one script
 * with TypeScript and its libs, and run once by `node --build-snapshot`, which keeps the heap it
 * leaves. TypeScript is then loaded, and the libs parsed and bound, in every process started from
 * the snapshot: what a checker's thread spends most of its start on. The process serves checks
 * over its IPC channel and ends when its host goes.
 */
import v8 from "node:v8";
import { answerCompile, compileCheck } from "../compile/check.js";
import { AgentTypeChecker, documentRegistry } from "./checker.js";
import { serveChecks, type CheckerReply, type CheckerRequest } from "./serve.js";

const registry = documentRegistry();
new AgentTypeChecker("", registry).check("return 0");
// `codemode generate`'s compile check, its lib parsed and bound here too (`compile/background.ts`).
compileCheck("export {};\n");

v8.startupSnapshot.setDeserializeMainFunction(() => {
  process.on("disconnect", () => process.exit(0));
  serveChecks({
    AgentTypeChecker,
    registry,
    receive: (listener) => process.on("message", (request) => listener(request as CheckerRequest)),
    reply: (message: CheckerReply) => process.send!(message),
    compile: answerCompile,
  });
});
