/**
 * The compile check's thread: loads TypeScript and parses the libs as soon as it starts, while
 * the main thread introspects, emits and formats; then checks the typings it is sent. Where the
 * type checker's snapshot has been made, a process started from it does this instead (see
 * `background.ts`).
 */
import { parentPort } from "node:worker_threads";
import { saveCodeCaches } from "../util/code-cache.js";

const { answerCompile, compileCheck } = await import("./check.js");

// Warm: the libs parsed and bound before the typings arrive.
compileCheck("export {};\n");
parentPort!.on("message", ({ id, compile }: { id: number; compile: string }) => {
  parentPort!.postMessage(answerCompile(id, compile));
  // After the answer, off the path generate waits on: the cache then holds what this check compiled too.
  saveCodeCaches();
});
