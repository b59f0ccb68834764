import type * as Common from "@ts-morph/common";
import { libBundle, loadTypeScript } from "../util/typescript.js";

// TypeScript itself, without ts-morph's wrapper, through `require` (see `util/typescript.ts`): the
// checker's thread may have loaded it from its code cache already.
const ts = loadTypeScript();

/** A type error in agent code, on the agent's own line and column (1-based). */
export interface TypeDiagnostic {
  line: number;
  column: number;
  message: string;
  /** TypeScript's error code (`2345` for TS2345). */
  code: number;
}

const AGENT = "/agent.ts";
const API = "/api.d.ts";
const GLOBALS = "/globals.d.ts";
/** The ES2022 libs as one file, TypeScript's default lib here: no `lib` option, so it loads only this. */
const LIB = "/lib/lib.es2022.bundle.d.ts";
/** Agent code is the body of an async function: the wrapper takes one line before it. */
const PRELUDE = "async function __codemodeAgent(): Promise<unknown> {\n";
const POSTLUDE = "\n}\nexport {};\n";

/** What the sandbox gives agent code besides the namespaces: `console`, and nothing of Node or the DOM. */
const SANDBOX_GLOBALS = `interface CodemodeConsole {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare var console: CodemodeConsole;
`;

const OPTIONS: Common.ts.CompilerOptions = {
  strict: true,
  // On, so that `const list = []; list.push(1)` types the array from its uses (off, `[]` is a
  // `never[]` and the push an error); the implicit-any errors themselves are dropped (see
  // IMPLICIT_ANY): agents write functions without annotations, and that fails nothing at run time.
  noImplicitAny: true,
  // `catch (e) { e.message }` is how agents write it; `unknown` there would reject working code.
  useUnknownInCatchVariables: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  types: [],
  allowUnreachableCode: true,
  noFallthroughCasesInSwitch: false,
};

/**
 * Libs of what the sandbox removes before agent code runs (`sandbox/bootstrap.ts`):
 * `SharedArrayBuffer`, `Atomics`, `WeakRef` and `FinalizationRegistry`. Code that uses them is a
 * type error here rather than a ReferenceError there. No other ES2022 lib names them.
 */
const NOT_IN_SANDBOX = ["lib.es2017.sharedmemory.d.ts", "lib.es2020.sharedmemory.d.ts", "lib.es2021.weakref.d.ts"];

const libText = (file: string) => (file === LIB ? libBundle(["lib.es2022.d.ts"], NOT_IN_SANDBOX) : undefined);

/** TypeScript's 7xxx diagnostics: an implicit `any` somewhere (a parameter, an index, a variable), which only `noImplicitAny` reports. */
const IMPLICIT_ANY = (code: number) => code >= 7000 && code < 8000;

/**
 * JSDoc is parsed only where it can change a type error, as `tsc` does: the typings are mostly
 * comments, and TypeScript's libs are full of them.
 */
const JSDOC = ts.JSDocParsingMode.ParseForTypeErrors;

let checkers = 0;

/** A store of parsed files for {@link AgentTypeChecker}s to share. */
export function documentRegistry(): Common.ts.DocumentRegistry {
  return ts.createDocumentRegistry(undefined, undefined, JSDOC);
}

/**
 * Type-checks agent code against a fixed set of typings with a warm language service: the libs
 * and the typings are parsed and bound once, and each check re-checks only the agent's file.
 */
export class AgentTypeChecker {
  private readonly service: Common.ts.LanguageService;
  private version = 0;
  private wrapped = PRELUDE + POSTLUDE;

  /** `registry` holds parsed and bound files across checkers: one made before the typings were known has the libs in it already. */
  constructor(typings: string, registry: Common.ts.DocumentRegistry = documentRegistry()) {
    const files = new Map([
      [API, typings],
      [GLOBALS, SANDBOX_GLOBALS],
    ]);
    const apiVersion = String(++checkers);
    const read = (file: string) => (file === AGENT ? this.wrapped : (files.get(file) ?? libText(file)));
    const host: Common.ts.LanguageServiceHost = {
      jsDocParsingMode: JSDOC,
      getCompilationSettings: () => OPTIONS,
      getScriptFileNames: () => [GLOBALS, API, AGENT],
      // The registry keys files by name and version: each checker's typings are a version of their own.
      getScriptVersion: (file) => (file === AGENT ? String(this.version) : file === API ? apiVersion : "0"),
      getScriptSnapshot: (file) => {
        const text = read(file);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => "/",
      getDefaultLibFileName: () => LIB,
      fileExists: (file) => read(file) !== undefined,
      readFile: read,
    };
    this.service = ts.createLanguageService(host, registry);
  }

  /** The type errors of `code`, on its own lines; empty when it type-checks. */
  check(code: string): TypeDiagnostic[] {
    this.wrapped = PRELUDE + code + POSTLUDE;
    this.version++;
    const diagnostics = [...this.service.getSyntacticDiagnostics(AGENT), ...this.service.getSemanticDiagnostics(AGENT)];
    const program = this.service.getProgram()!;
    const source = program.getSourceFile(AGENT)!;
    const bodyEnd = PRELUDE.length + code.length;
    return diagnostics
      .filter((d) => d.start !== undefined && d.start >= PRELUDE.length && d.start <= bodyEnd && !IMPLICIT_ANY(d.code))
      .map((d) => {
        const { line, character } = source.getLineAndCharacterOfPosition(d.start!);
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        const expected = expectedSignature(program, source, d.start!);
        return { line, column: character + 1, code: d.code, message: expected ? `${message}\nexpected: ${expected}` : message };
      });
  }
}

/**
 * For an error inside a call to an API function, that function's signature as the typings
 * declare it, so the model sees what to pass without asking for the typings.
 */
function expectedSignature(program: Common.ts.Program, source: Common.ts.SourceFile, position: number): string | undefined {
  let node: Common.ts.Node | undefined = findNode(source, position);
  while (node && !ts.isCallExpression(node)) node = node.parent;
  if (!node) return undefined;
  const checker = program.getTypeChecker();
  const callee = (node as Common.ts.CallExpression).expression;
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const declaration = symbol?.declarations?.[0];
  if (!declaration || declaration.getSourceFile().fileName !== API || !ts.isFunctionDeclaration(declaration)) return undefined;
  const signature = checker.getSignatureFromDeclaration(declaration);
  if (!signature) return undefined;
  const parameters = signature.getParameters().map((parameter) => {
    const optional = (parameter.valueDeclaration as Common.ts.ParameterDeclaration | undefined)?.questionToken ? "?" : "";
    return `${parameter.getName()}${optional}: ${shape(checker, checker.getTypeOfSymbolAtLocation(parameter, declaration), declaration)}`;
  });
  return `${callee.getText(source)}(${parameters.join(", ")})`;
}

/** An input type spelled out one level deep (`{ path: string; head?: number }`), not by its name. */
function shape(checker: Common.ts.TypeChecker, type: Common.ts.Type, at: Common.ts.Node): string {
  const print = (t: Common.ts.Type) => checker.typeToString(t, at, ts.TypeFormatFlags.NoTruncation);
  const object = checker.getNonNullableType(type);
  if (!(object.flags & ts.TypeFlags.Object) || checker.isArrayType(object)) return print(type);
  const members = object.getProperties().map((property) => {
    const optional = property.flags & ts.SymbolFlags.Optional ? "?" : "";
    return `${property.getName()}${optional}: ${print(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, at)))}`;
  });
  return members.length === 0 ? print(type) : `{ ${members.join("; ")} }`;
}

function findNode(node: Common.ts.Node, position: number): Common.ts.Node | undefined {
  if (position < node.getStart() || position >= node.getEnd()) return undefined;
  for (const child of node.getChildren()) {
    const found = findNode(child, position);
    if (found) return found;
  }
  return node;
}
