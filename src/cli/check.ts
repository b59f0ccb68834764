import { readFile } from "node:fs/promises";
import path from "node:path";
import { emitApis, rootTypings } from "../emit/emit.js";
import { CodemodeError } from "../errors.js";
import { collectListings } from "../sources.js";
import { AgentTypeChecker } from "../typecheck/checker.js";
import { saveCodeCaches } from "../util/code-cache.js";
import { readProblem } from "../util/read-problem.js";
import type { CliIo } from "./io.js";
import { printable } from "./printable.js";
import { configFor, type CheckFlags, type ExitCode } from "./options.js";

/** `codemode check FILE…`: type-checks committed agent scripts for CI; exit 1 on any error. */
export async function runCheck(flags: CheckFlags, files: string[], io: CliIo): Promise<ExitCode> {
  if (files.length === 0) throw new CodemodeError("USAGE", "codemode check needs agent files to check", { hint: "for example: codemode check agents/*.ts" });
  const config = await configFor(flags, io);
  const listings = await collectListings(config, { offline: true, env: io.env });
  const checker = new AgentTypeChecker(rootTypings(emitApis(listings).apis));
  let failed = 0;
  for (const file of files) {
    const absolute = path.resolve(io.cwd, file);
    const code = await readFile(absolute, "utf8").catch((error: unknown) => {
      throw new CodemodeError("USAGE", `codemode check: cannot read ${file}: ${readProblem(error)}`);
    });
    const diagnostics = checker.check(code);
    if (diagnostics.length > 0) failed++;
    // The messages quote the agent file's own text: escaped for the terminal, as `run` prints them.
    for (const d of diagnostics) io.stdout(`${printable(file)}:${d.line}:${d.column} TS${d.code} ${printable(d.message).replace(/\n/g, "\n    ")}\n`);
  }
  // Only a first check on this install writes it: the next one loads TypeScript compiled.
  saveCodeCaches();
  io.stderr(`codemode check: ${files.length - failed} of ${files.length} file${files.length === 1 ? "" : "s"} type-check\n`);
  return failed > 0 ? 1 : 0;
}
