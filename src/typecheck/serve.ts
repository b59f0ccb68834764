/**
 * The checker's side of its protocol, the same in a worker thread (`worker.ts`) and in a process
 * started from a snapshot (`snapshot-main.ts`): the typings come first, once; then code to check,
 * one at a time, each answered by its id. Nothing here may throw at the host: a check's failure
 * goes back as its kind and message only (its stack names the host's files). A process from the
 * snapshot also serves `codemode generate`'s compile check of generated typings
 * (`compile/background.ts`), which needs no agent typings first.
 */
import type { CompileReply } from "../compile/check.js";
import type { AgentTypeChecker as Checker, documentRegistry, TypeDiagnostic } from "./checker.js";

/** Host → checker: the typings once, first; then code to check. Or generated typings to compile-check, at any time. */
export type CheckerRequest = { typings: string } | { id: number; code: string } | { id: number; compile: string };

/** Checker → host: ready once the typings are bound; then each check's answer. */
export type CheckerReply = { ready: true } | { id: number; diagnostics: TypeDiagnostic[] } | { id: number; error: string } | CompileReply;

interface Served {
  AgentTypeChecker: typeof Checker;
  registry: ReturnType<typeof documentRegistry>;
  receive(listener: (request: CheckerRequest) => void): void;
  reply(message: CheckerReply): void;
  /** Called once the typings are bound, before ready is sent. */
  warmed?: () => void;
  /** The compile check of generated typings, where this checker serves it (`compile/check.ts`). */
  compile?: (id: number, typings: string) => CompileReply;
}

export function serveChecks({ AgentTypeChecker, registry, receive, reply, warmed, compile }: Served): void {
  let checker: Checker | undefined;
  receive((request) => {
    if ("compile" in request) {
      reply(compile ? compile(request.id, request.compile) : { id: request.id, compiled: true, error: "this checker does not compile generated typings" });
      return;
    }
    if ("typings" in request) {
      checker = new AgentTypeChecker(request.typings, registry);
      checker.check("return 0"); // warm: the typings bound before the first request
      warmed?.();
      reply({ ready: true });
      return;
    }
    try {
      reply({ id: request.id, diagnostics: checker!.check(request.code) });
    } catch (error) {
      reply({ id: request.id, error: `${(error as Error)?.name ?? "Error"}: ${String((error as Error)?.message ?? error).split("\n")[0]}` });
    }
  });
}
