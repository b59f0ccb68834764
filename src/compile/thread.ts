/**
 * The compile check's thread: loads TypeScript and parses the libs as soon as it starts, while
 * the main thread introspects, emits and formats; then checks the typings it is sent.
 */
import { parentPort } from "node:worker_threads";
import { CodemodeError } from "../errors.js";
import { saveCodeCaches } from "../util/code-cache.js";

export interface CompileReply {
  id: number;
  /** Set when the typings do not compile: the error's message and problems. */
  failed?: { message: string; problems: readonly string[] };
  /** Set when the check itself broke. */
  error?: string;
}

const { compileCheck } = await import("./check.js");

// Warm: the libs parsed and bound before the typings arrive.
compileCheck("export {};\n");
parentPort!.on("message", ({ id, typings }: { id: number; typings: string }) => {
  let reply: CompileReply = { id };
  try {
    compileCheck(typings);
  } catch (error) {
    reply = error instanceof CodemodeError ? { id, failed: { message: error.message, problems: error.problems } } : { id, error: String((error as Error)?.stack ?? error) };
  }
  parentPort!.postMessage(reply);
  // After the answer, off the path generate waits on: the cache then holds what this check compiled too.
  saveCodeCaches();
});
