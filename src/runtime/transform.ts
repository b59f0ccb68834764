import vm from "node:vm";
import { CodemodeError } from "../errors.js";
import { AGENT_FILE } from "./wire.js";
import { decodeLineMap } from "./sourcemap.js";
import { StripFailure, stripTypes } from "./strip-types.js";

/** Agent code that cannot run: a syntax error, or `import()`. Carries the agent's line and column. */
export class AgentSyntaxError extends CodemodeError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    frame: string,
  ) {
    super("USAGE", message, { hint: frame, location: { pointer: `${AGENT_FILE}:${line}:${column}` } });
    this.name = "AgentSyntaxError";
  }
}

/** Agent code, ready for the sandbox: JavaScript, and a way back to the agent's own lines. */
export interface PreparedCode {
  /** An expression: an async function of no arguments whose body is the agent's code. */
  js: string;
  /** Generated line (1-based) → the agent's line (1-based). */
  lines: number[];
}


/**
 * Strips types from agent code (TypeScript or JavaScript) with esbuild (see `stripTypes`). The code is
 * wrapped first, since it is the body of an async function (top-level `await` and `return`).
 * A syntax error reports the agent's line and column with a code frame.
 */
export async function prepareAgentCode(code: string): Promise<PreparedCode> {
  refuseOversized(code);
  // Strict, as a module under workerd is, and a function of its own rather than an arrow: its
  // `this` and `arguments` are its own, not those of whatever each executor wraps it in (under
  // Node, the sloppy function `compileFunction` makes, whose `arguments.callee` is that wrapper).
  const wrapped = `(async function () {"use strict";\n${code}\n})`;
  const plain = asPlainJavaScript(wrapped, code);
  if (plain) return plain;
  try {
    const result = await stripTypes(wrapped);
    // The wrapper adds one line before the agent's first.
    const lines = decodeLineMap(result.map).map((line) => Math.max(1, line - 1));
    refuseDynamicImport(result.code, lines, code);
    return { js: result.code.trim().replace(/;$/, ""), lines };
  } catch (error) {
    if (!(error instanceof StripFailure)) throw error;
    const location = error.errors[0]?.location;
    if (!location) throw new AgentSyntaxError(error.message, 1, 1, "");
    const line = location.line - 1;
    throw new AgentSyntaxError(error.message, line, location.column + 1, codeFrame(code, line, location.column));
  }
}

/**
 * Plain JavaScript needs no esbuild (which costs most of a warm run). Every TypeScript construct
 * that is also valid JavaScript with another meaning (a generic call `f<T>(x)`, an angle-bracket
 * cast) has a `<` with a `>` after it, and every other one is a JavaScript syntax error; so code
 * in which no `>` (other than an arrow's) follows a `<`, and without `import` (which the esbuild
 * path checks), that V8 parses is run as written: loops (`i < n`) and arrows stay on this path.
 * Parsing here runs nothing.
 */
function asPlainJavaScript(wrapped: string, code: string): PreparedCode | undefined {
  const firstLess = code.indexOf("<");
  if (code.includes("import") || (firstLess >= 0 && code.slice(firstLess).replaceAll("=>", "").includes(">"))) return undefined;
  try {
    new vm.Script(wrapped);
  } catch {
    return undefined; // esbuild reports the error with the agent's line and a frame
  }
  // Generated line n is the agent's line n - 1 (the wrapper's first line maps to line 1).
  return { js: wrapped, lines: Array.from({ length: wrapped.split("\n").length }, (_, i) => Math.max(1, i)) };
}

/** Agent code longer than this is refused before esbuild sees it. */
export const MAX_CODE_CHARS = 256 * 1024;
/** Brackets nested deeper than this are refused: esbuild's parser recurses on them, and crashes far deeper. */
export const MAX_NESTING = 500;

/** Keeps esbuild's work per run bounded: a length cap and a nesting cap, counted over every bracket (strings included, erring on the safe side). */
function refuseOversized(code: string): void {
  if (code.length > MAX_CODE_CHARS) throw new AgentSyntaxError(`the code is ${code.length} characters; the limit is ${MAX_CODE_CHARS}`, 1, 1, "");
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_NESTING) {
        const line = code.slice(0, i).split("\n").length;
        throw new AgentSyntaxError(`brackets are nested more than ${MAX_NESTING} deep`, line, 1, "");
      }
    } else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
}

/**
 * `import()` inside a vm context rejects with an error of the host's realm, whose constructor
 * chain reaches the host's `Function`. No hook can prevent that without experimental flags, so
 * code that contains it is refused before it runs (even inside a string, to stay on the safe side).
 * So is `import.meta`: a syntax error in Node's function body but an object under workerd's
 * module, it would make the two executors run the same code differently.
 */
function refuseDynamicImport(js: string, lines: number[], code: string): void {
  const match = /\bimport\s*(?:\(|\.\s*meta\b)/.exec(js);
  if (!match) return;
  const line = lines[js.slice(0, match.index).split("\n").length - 1] ?? 1;
  const column = Math.max(0, (code.split("\n")[line - 1] ?? "").indexOf("import"));
  throw new AgentSyntaxError("import() and import.meta are not available in agent code; the server namespaces are globals", line, column + 1, codeFrame(code, line, column));
}

/** Characters of a line a frame shows; a longer line is shown around the column. */
const FRAME_WIDTH = 120;

/**
 * The offending line and the one before it, with a caret under the column; `source` is the code,
 * or its lines split once for many frames. Lines longer than {@link FRAME_WIDTH} are shown as the
 * window around the column, both through the same window so the caret stays under its character:
 * whole, twenty frames of a one-line script of 100 KB made a message of 6 MB.
 */
export function codeFrame(source: string | readonly string[], line: number, column: number): string {
  const lines = typeof source === "string" ? source.split("\n") : source;
  const width = String(line).length;
  const text = (n: number) => lines[n - 1] ?? "";
  const long = text(line).length > FRAME_WIDTH || (line > 1 && text(line - 1).length > FRAME_WIDTH);
  const start = long ? Math.max(0, column - FRAME_WIDTH / 2) : 0;
  const shown = (n: number) => {
    if (!long) return text(n);
    const part = text(n).slice(start, start + FRAME_WIDTH);
    return `${start > 0 ? "…" : ""}${part}${text(n).length > start + FRAME_WIDTH ? "…" : ""}`;
  };
  const row = (n: number) => `${String(n).padStart(width)} | ${shown(n)}`;
  const caret = column - start + (start > 0 ? 1 : 0);
  const frame = [line > 1 ? row(line - 1) : "", `${row(line)}`, `${" ".repeat(width)} | ${" ".repeat(caret)}^`].filter(Boolean);
  return `\n${frame.join("\n")}`;
}
