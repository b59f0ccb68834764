import { CodemodeError, describeLocation } from "../errors.js";
import type { ProgressEvent } from "../introspect/introspect.js";
import type { CliIo } from "./io.js";
import { printable } from "./printable.js";

/**
 * One clear line (plus listed problems and a hint) for a user error; a stack for a bug. Escaped
 * with `printable`: a message quotes what servers sent (their stderr, names, errors), and a
 * server is trusted no more than agent code.
 */
export function reportError(io: CliIo, error: unknown): void {
  if (!(error instanceof CodemodeError)) {
    io.stderr(`codemode: internal error (please report it):\n${printable(error instanceof Error ? String(error.stack) : String(error))}\n`);
    return;
  }
  const where = describeLocation({ ...error.location, server: undefined, tool: undefined });
  // "codemode run: …" already names the program: no second "codemode: " before it.
  const prefix = error.message.startsWith("codemode ") ? "" : "codemode: ";
  io.stderr(printable(`${prefix}${error.message}${where && !error.message.includes(where) ? ` (${where})` : ""}\n`));
  for (const problem of error.problems) io.stderr(printable(`  - ${problem.replace(/\n/g, "\n    ")}\n`));
  if (error.hint) io.stderr(printable(`  hint: ${error.hint}\n`));
}

/** Per-server progress for a terminal: one line as each server finishes. */
export function progressPrinter(io: CliIo): (event: ProgressEvent) => void {
  return (event) => {
    if (event.phase === "start") return;
    const time = `${(event.ms / 1000).toFixed(1)}s`;
    if (event.phase === "done") io.stderr(`  ✓ ${event.server}  ${event.tools} tool${event.tools === 1 ? "" : "s"}  ${time}\n`);
    else io.stderr(`  ✗ ${event.server}  failed after ${time}\n`);
  };
}
