import type { TypeDiagnostic } from "../typecheck/checker.js";
import { editDistance } from "../util/edit-distance.js";
import { codeFrame } from "./transform.js";
import type { HostOutcome } from "./outcome.js";
import { AGENT_FILE } from "./wire.js";

/** What went wrong in agent code, for the model to fix on its next turn. */
export interface AgentError {
  name: string;
  message: string;
  /** What stopped it: the agent's own error, a type or syntax error before it ran, a server that failed, the timeout, memory, a limit, or a sandbox crash. */
  kind: "agent" | "type" | "syntax" | "server" | "timeout" | "memory" | "limit" | "crash";
  /** The agent's line (1-based), when known. */
  line?: number;
  column?: number;
  /** A code frame, or the names that exist ("did you mean …"). */
  hint?: string;
  /** Every type error, for kind "type". */
  diagnostics?: TypeDiagnostic[];
}

/** A type error report: the first error as the message, every one (with a frame) in the hint. */
/** Type errors shown with their code; the rest are counted (every one is in `diagnostics`). */
const MAX_FRAMES = 20;

export function typeError(diagnostics: TypeDiagnostic[], code: string, api: VisibleApi): AgentError {
  const first = diagnostics[0]!;
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
  // On the host's thread, after the check: the code is split once, and only the first errors get
  // a frame (a script of blank lines and errors made ten thousand, each splitting the whole code).
  const lines = code.split("\n");
  const shown = diagnostics.slice(0, MAX_FRAMES).map((d) => `${d.line}:${d.column} TS${d.code}: ${d.message}${codeFrame(lines, d.line, d.column - 1)}`);
  const frames = [...shown, ...(diagnostics.length > MAX_FRAMES ? [`… and ${diagnostics.length - MAX_FRAMES} more type errors`] : [])].join("\n");
  // TypeScript suggests no spelling for an unknown global: name the namespaces that exist.
  const unknown = /^Cannot find name '([^']+)'\.$/.exec(first.message);
  const names = unknown ? suggest("ReferenceError", `${unknown[1]} is not defined`, api) : undefined;
  const hint = names ? `${names}\n${frames}` : frames;
  return { name: "TypeError", message: `${first.message.split("\n")[0]}${more}`, kind: "type", line: first.line, column: first.column, hint, diagnostics };
}

/** The API an agent can see, to suggest names: namespace → function names. */
export type VisibleApi = Map<string, string[]>;

/** Turns a failed outcome into an error pointing at the agent's line, with a hint where one helps. */
export function agentError(outcome: Extract<HostOutcome, { ok: false }>, lines: number[], api: VisibleApi): AgentError {
  const { name, message, kind, stack } = outcome.error;
  const error: AgentError = { name, message, kind };
  const frame = stack ? new RegExp(`${AGENT_FILE.replace(".", "\\.")}:(\\d+):(\\d+)`).exec(stack) : null;
  if (frame) {
    error.line = lines[Number(frame[1]) - 1] ?? Number(frame[1]);
    error.column = Number(frame[2]);
  }
  const hint = suggest(name, message, api);
  if (hint) error.hint = hint;
  return error;
}

function suggest(name: string, message: string, api: VisibleApi): string | undefined {
  const namespaces = [...api.keys()];
  const missing = /^(\S+) is not defined$/.exec(message);
  if (name === "ReferenceError" && missing) {
    const near = closest(missing[1]!, namespaces);
    return `${near ? `did you mean ${near}? ` : ""}the namespaces are: ${namespaces.join(", ")}`;
  }
  const notFunction = /^(\w+)\.(?:(resources|prompts)\.)?(\w+) is not a function$/.exec(message);
  if (name === "TypeError" && notFunction && api.has(notFunction[1]!)) {
    const functions = api.get(notFunction[1]!)!.filter((fn) => (notFunction[2] ? fn.startsWith(`${notFunction[2]}.`) : !fn.includes(".")));
    const wanted = notFunction[2] ? `${notFunction[2]}.${notFunction[3]}` : notFunction[3]!;
    const near = closest(wanted, functions);
    return `${near ? `did you mean ${notFunction[1]}.${near}? ` : ""}${notFunction[1]} has: ${functions.join(", ")}`;
  }
  return undefined;
}

/** Names longer than this get no suggestion: edit distance is quadratic, and no real name is that long. */
const MAX_SUGGESTED_NAME = 64;

function closest(name: string, candidates: string[]): string | undefined {
  if (name.length > MAX_SUGGESTED_NAME) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
