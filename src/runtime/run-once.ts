import { messageOf } from "../errors.js";
import type { Policy } from "../policy/policy.js";
import type { ServerListing } from "../snapshot/types.js";
import { CheckerBusy, TypeCheckFailure, type TypeCheckClient } from "../typecheck/client.js";
import { agentError, typeError, type AgentError, type VisibleApi } from "./agent-error.js";
import type { ClientPool } from "./client-pool.js";
import type { Executor } from "./executor.js";
import { Dispatcher, type ApprovalHandler, type CallRecord } from "./dispatcher.js";
import { jsonShape } from "../util/json-shape.js";
import { LogSink, type LogEntry } from "./logs.js";
import type { HostOutcome } from "./outcome.js";
import { AgentSyntaxError, prepareAgentCode } from "./transform.js";
import type { ArgumentValidator } from "./validate-args.js";
import type { RunLimits } from "./run-limits.js";

/** What one run gave (see `Runtime.run`). */
export interface RunResult {
  ok: boolean;
  /** The returned value (JSON), when ok. */
  result?: unknown;
  logs: LogEntry[];
  error?: AgentError;
  calls: CallRecord[];
  durationMs: number;
}

/** What a runtime lends each of its runs. */
export interface RunContext {
  /** Where the code runs (see `executor.ts`). */
  pool: Executor;
  clients: ClientPool;
  validator: ArgumentValidator;
  listings: Map<string, ServerListing>;
  policy: Policy;
  typeChecker: () => TypeCheckClient;
  /** The names agent code can call, for hints. */
  hints: () => VisibleApi;
}

/** The result of a run that waited its whole timeout for a turn (see `run-gate.ts`): nothing of it ran. */
export function notStarted(limit: number, timeoutMs: number): RunResult {
  const message = `the runtime was running ${limit} runs at once (its maxConcurrentRuns) for all of this run's ${timeoutMs} ms timeout, so it did not start; nothing ran`;
  return { ok: false, error: { name: "RangeError", message, kind: "limit" }, logs: [], calls: [], durationMs: timeoutMs };
}

/** Deeper than this, a returned value would overflow the stack of whoever stringifies it next. */
const MAX_RESULT_DEPTH = 1000;

/**
 * One run, start to end: type stripping, the type check, a sandbox process of its own, the host
 * side of every call, and a verdict the host reaches itself. Never throws for anything the code does.
 */
export async function runOnce(code: string, limits: RunLimits, onApproval: ApprovalHandler | undefined, context: RunContext): Promise<RunResult> {
  const started = performance.now();
  const logs = new LogSink(limits.maxLogBytes);
  const failed = (error: AgentError, calls: CallRecord[] = []): RunResult => ({ ok: false, error, logs: logs.entries, calls, durationMs: performance.now() - started });
  let prepared;
  try {
    prepared = await prepareAgentCode(code);
  } catch (error) {
    if (!(error instanceof AgentSyntaxError)) throw error;
    return failed({ name: "SyntaxError", message: error.message, kind: "syntax", line: error.line, column: error.column, ...(error.hint ? { hint: error.hint } : {}) });
  }
  if (limits.typecheck) {
    let diagnostics;
    try {
      diagnostics = await context.typeChecker().check(code, limits.timeoutMs);
    } catch (error) {
      if (!(error instanceof TypeCheckFailure)) throw error;
      // Waiting behind other runs' checks is no fault of this code's: the advice differs.
      const advice = error instanceof CheckerBusy ? "run it again, or without the check" : "write it more simply, or run it without the check";
      return failed({ name: "RangeError", message: `the code could not be type-checked: ${error.message}; ${advice}`, kind: "limit" });
    }
    if (diagnostics.length > 0) return failed(typeError(diagnostics, code, context.hints()));
  }
  const { pool, clients } = context;
  let sandbox;
  try {
    sandbox = await pool.take(limits.memoryMb);
  } catch (error) {
    setImmediate(() => pool.refill());
    return failed({ name: "Error", message: messageOf(error), kind: "crash" });
  }
  const guard = { policy: context.policy, closedWhy: (name: string) => clients.closedWhy(name), redact: (text: string) => clients.redact(text), ...(onApproval ? { onApproval } : {}) };
  const dispatcher = new Dispatcher(context.listings, (name) => clients.get(name), context.validator, { ...limits, deadline: Date.now() + limits.timeoutMs }, guard);
  const sandboxLimits = { maxToolCalls: limits.maxToolCalls, maxArgumentBytes: limits.maxArgumentBytes, maxLogBytes: limits.maxLogBytes, maxResultBytes: limits.maxResultBytes };
  const outcome = await sandbox.run(prepared.js, sandboxLimits, limits.timeoutMs, {
    onCall: (id, request) => void dispatcher.handle(request).then((response) => sandbox.respond(id, response)),
    onLog: (level, text) => logs.add(level, text),
  });
  const calls = await dispatcher.stop();
  // After the caller has its result: starting a process blocks this thread a few milliseconds.
  setImmediate(() => pool.refill());
  const checked = checkResult(outcome, limits.maxResultBytes);
  if (checked.ok) return { ok: true, result: checked.result === undefined ? undefined : JSON.parse(checked.result), logs: logs.entries, calls, durationMs: performance.now() - started };
  const error = agentError(checked, prepared.lines, context.hints());
  if (dispatcher.serverFailed && error.kind === "agent") error.kind = "server";
  else if (dispatcher.limitReached && error.kind === "agent") error.kind = "limit";
  return failed(error, calls);
}

/** The returned value's size in UTF-8 bytes and its nesting, checked on the host whatever the sandbox claimed. */
function checkResult(outcome: HostOutcome, maxBytes: number): HostOutcome {
  if (!outcome.ok || outcome.result === undefined) return outcome;
  const size = Buffer.byteLength(outcome.result, "utf8");
  const limit = (message: string): HostOutcome => ({ ok: false, error: { name: "RangeError", message, kind: "limit" } });
  if (size > maxBytes) return limit(`the returned value is ${size} bytes of JSON; the limit is ${maxBytes}`);
  if (jsonShape(outcome.result).depth > MAX_RESULT_DEPTH) return limit(`the returned value is nested more than ${MAX_RESULT_DEPTH} levels deep`);
  return outcome;
}
