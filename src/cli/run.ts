import { readFile } from "node:fs/promises";
import path from "node:path";
import { CodemodeError } from "../errors.js";
import { executorName } from "../runtime/create-executor.js";
import { createRuntime, type RunResult } from "../runtime/runtime.js";
import { readProblem } from "../util/read-problem.js";
import { positive } from "./flags.js";
import { askOnTerminal } from "./approval.js";
import { readableJson } from "../util/readable-json.js";
import { printable, printableJson, printableLine } from "./printable.js";
import type { CliIo } from "./io.js";
import { configFor, type ExitCode, type RunFlags } from "./options.js";

/** `codemode run FILE|-`: runs agent code; exit 0 when it succeeded, 1 when it failed. */
export async function runAgent(flags: RunFlags, file: string | undefined, io: CliIo): Promise<ExitCode> {
  if (!file) throw new CodemodeError("USAGE", "codemode run needs a file of agent code, or - for stdin", { hint: "see codemode run --help" });
  const code = file === "-" ? await io.stdin() : await readAgentFile(path.resolve(io.cwd, file), file);
  const runtime = await createRuntime({
    // A promise: the type checker's thread starts loading TypeScript while the config loads.
    config: configFor(flags, io),
    env: io.env,
    ...(flags.executor ? { executor: executorName(flags.executor, "--executor") } : {}),
    onWarning: (message) => io.stderr(`${message}\n`),
    ...(flags["no-typecheck"] ? { defaults: { typecheck: false } } : {}),
    ...(io.ask ? { onApproval: askOnTerminal(io.ask) } : {}),
  });
  let result: RunResult;
  try {
    result = await runtime.run(code, {
      ...(flags.timeout ? { timeoutMs: positive(flags.timeout, "--timeout") } : {}),
      ...(flags.memory ? { memoryMb: positive(flags.memory, "--memory") } : {}),
      ...(flags["no-typecheck"] ? { typecheck: false } : {}),
    });
  } finally {
    await runtime.close();
  }
  if (flags.json) {
    io.stdout(`${printableJson(JSON.stringify({ ok: result.ok, result: result.result, logs: result.logs, error: result.error, calls: result.calls, durationMs: Math.round(result.durationMs) }))}\n`);
    return result.ok ? 0 : 1;
  }
  // Every line of a log entry carries its level, and an error's further lines are indented: agent
  // code cannot print a line that reads as codemode's own (an approval, a result, a type error).
  for (const entry of result.logs) io.stderr(`${prefixLines(printable(entry.text), `[${entry.level}] `)}\n`);
  if (result.ok) {
    if (result.result !== undefined) io.stdout(`${printableJson(readableJson(result.result))}\n`);
    return 0;
  }
  const error = result.error!;
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ""})` : "";
  // A type error is TypeScript's, before anything ran: not the JavaScript TypeError it would be named.
  // Any other failure says so before the name agent code chose (one named "Type error (nothing
  // ran)" read as a type error, after its calls had run), with how many calls it made.
  const label = error.kind === "type" ? "Type error (nothing ran)" : `Run failed (${error.kind}; ${callsMade(result.calls.length)}): ${printableLine(error.name)}`;
  io.stderr(`${label}: ${printable(error.message).replace(/\n/g, "\n  ")}${where}\n`);
  if (error.hint) io.stderr(`  ${printable(error.hint.trim()).replace(/\n/g, "\n  ")}\n`);
  return 1;
}

const callsMade = (count: number) => (count === 0 ? "no calls made" : count === 1 ? "1 call made" : `${count} calls made`);

/** `text` with `prefix` before each of its lines. */
function prefixLines(text: string, prefix: string): string {
  return prefix + text.replace(/\n/g, `\n${prefix}`);
}

async function readAgentFile(file: string, named: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CodemodeError("USAGE", `codemode run: cannot read ${named}: ${readProblem(error)}`);
  }
}
