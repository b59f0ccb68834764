import type { ts } from "@ts-morph/common";
import { CodemodeError } from "../errors.js";
import { libBundle, loadTypeScript } from "../util/typescript.js";

// Required, not imported: the compile thread may have loaded it already through its code cache (see `util/code-cache.ts`).
const typescript = loadTypeScript();

const ROOT = "/out/index.d.ts";
/** What generated typings use (Promise, Record, Error, …) as one file, TypeScript's default lib here (no `lib` option): the small libs load faster than es2022. */
const LIB = "/lib/lib.es5-promise.bundle.d.ts";

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: typescript.ScriptTarget.ES2022,
  types: [],
  // The libs are TypeScript's own: checking them finds nothing and was most of the check's time.
  // The generated typings are still checked in full.
  skipDefaultLibCheck: true,
};

/**
 * JSDoc is not parsed: in TypeScript files it yields no errors, and the typings are mostly
 * comments (parsing them was half the check's time). A comment a server's text ended early
 * still leaves stray code, which the scanner finds.
 */
const JSDOC = typescript.JSDocParsingMode.ParseNone;

const asOptions = (language: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.CreateSourceFileOptions =>
  typeof language === "object" ? language : { languageVersion: language };

/** The parsed (and, after the first program, bound) lib: the same options every time, so one parse serves every check in the process. */
let libSourceFile: ts.SourceFile | undefined;

function libSource(file: string, language: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
  if (file !== LIB) return undefined;
  libSourceFile ??= typescript.createSourceFile(LIB, libBundle(["lib.es5.d.ts", "lib.es2015.promise.d.ts"]), { ...asOptions(language), jsDocParsingMode: JSDOC });
  return libSourceFile;
}

/**
 * Type-checks the root typings in memory under `--strict` before anything is written. The root
 * holds every server's namespace, the same text each package's `index.d.ts` holds, so one
 * program checks them all. A failure is a codemode bug, reported with server and declaration.
 */
export function compileCheck(rootTypings: string): void {
  const source = typescript.createSourceFile(ROOT, rootTypings, { languageVersion: typescript.ScriptTarget.ES2022, jsDocParsingMode: JSDOC });
  const host: ts.CompilerHost = {
    getSourceFile: (file, language) => (file === ROOT ? source : libSource(file, language)),
    getDefaultLibFileName: () => LIB,
    getDefaultLibLocation: () => "/lib/",
    writeFile: () => {},
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (file) => file,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (file) => file === ROOT || libSource(file, typescript.ScriptTarget.ES2022) !== undefined,
    readFile: (file) => (file === ROOT ? rootTypings : libSource(file, typescript.ScriptTarget.ES2022)?.text),
    getDirectories: () => [],
  };
  const program = typescript.createProgram({ rootNames: [ROOT], options: OPTIONS, host });
  const lines = rootTypings.split("\n");
  const problems = typescript.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    const text = typescript.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    const where = diagnostic.file === source ? locate(lines, line) : "lib";
    return `${where}: ${text}\n    ${(lines[line - 1] ?? "").trim()}`;
  });
  if (problems.length > 0) {
    throw new CodemodeError("COMPILE_FAILED", "the generated typings do not compile; this is a codemode bug, please report it", {
      problems: problems.slice(0, 20),
    });
  }
}

/**
 * The compile check's answer to a host that asked for it by `id`, as plain data (it crosses a
 * thread or a process): `failed` when the typings do not compile, `error` when the check itself
 * broke, neither when they compile.
 */
export interface CompileReply {
  id: number;
  compiled: true;
  failed?: { message: string; problems: readonly string[] };
  error?: string;
}

/** Runs {@link compileCheck} for a host that sent the typings with `id`. Never throws. */
export function answerCompile(id: number, rootTypings: string): CompileReply {
  try {
    compileCheck(rootTypings);
    return { id, compiled: true };
  } catch (error) {
    return error instanceof CodemodeError ? { id, compiled: true, failed: { message: error.message, problems: error.problems } } : { id, compiled: true, error: String((error as Error)?.stack ?? error) };
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
