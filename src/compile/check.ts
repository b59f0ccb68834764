import { Project, ts } from "ts-morph";
import { CodemodeError } from "../errors.js";

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  // What generated typings use (Promise, Record, Error, …): the small libs load faster than es2022.
  lib: ["lib.es5.d.ts", "lib.es2015.promise.d.ts"],
  types: [],
};

/**
 * Type-checks the root typings in memory under `--strict` before anything is written. The root
 * holds every server's namespace, the same text each package's `index.d.ts` holds, so one
 * program checks them all. A failure is a codemode bug, reported with server and declaration.
 */
export function compileCheck(rootTypings: string): void {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: OPTIONS });
  const source = project.createSourceFile("/out/index.d.ts", rootTypings);
  const lines = rootTypings.split("\n");
  const problems = project.getPreEmitDiagnostics().map((diagnostic) => {
    const line = diagnostic.getLineNumber() ?? 0;
    const text = ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string | ts.DiagnosticMessageChain, " ");
    const where = diagnostic.getSourceFile() === source ? locate(lines, line) : "lib";
    return `${where}: ${text}\n    ${(lines[line - 1] ?? "").trim()}`;
  });
  if (problems.length > 0) {
    throw new CodemodeError("COMPILE_FAILED", "the generated typings do not compile; this is a codemode bug, please report it", {
      problems: problems.slice(0, 20),
    });
  }
}

/** `server "x", in getUser` for a line of the root typings. */
function locate(lines: string[], line: number): string {
  let declaration = "";
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i] ?? "";
    const named = /^\s*(?:interface|type|function)\s+([\w$]+)/.exec(text);
    if (named && !declaration) declaration = named[1]!;
    const namespace = /^declare namespace ([\w$]+)/.exec(text);
    if (namespace) return `namespace ${namespace[1]}${declaration ? `, in ${declaration}` : ""} (line ${line})`;
  }
  return `line ${line}`;
}
