/**
 * Splits a server's namespace block (`/** header *\/`, `declare namespace x {`, body, `}`) into
 * runs of statements (between its blank lines) and the runs into statements, so each can be
 * formatted, or kept, on its own. prettier formats a statement the same whatever its
 * neighbours, and between statements keeps one blank line where there was one and none where
 * there was none; so formatting statements apart and joining them as they were joined prints
 * what formatting the whole block prints.
 */

export interface NamespaceBlock {
  /** The lines before the body: header comment and `declare namespace x {`. */
  head: string[];
  /** The body's statements, grouped as the blank lines between them group them; none empty. */
  runs: string[][];
}

const NAMESPACE_LINE = /^declare namespace [A-Za-z_$][\w$]* \{$/;

/** The block's parts, or undefined when its layout is not the expected one (then it is formatted whole). */
export function splitNamespace(block: string): NamespaceBlock | undefined {
  if (!block.endsWith("\n}\n")) return undefined;
  const lines = block.slice(0, -1).split("\n");
  const open = lines.findIndex((line) => NAMESPACE_LINE.test(line));
  if (open < 0) return undefined;
  const runs = splitAtBlankLines(lines.slice(open + 1, -1));
  return runs && { head: lines.slice(0, open + 1), runs };
}

/** The block again, from its head and runs: one blank line between runs. */
export function joinNamespace(head: string[], runs: string[][]): string {
  return `${[...head, runs.map((run) => run.join("\n")).join("\n\n"), "}"].join("\n")}\n`;
}

/**
 * `lines` split at their blank lines outside braces, brackets, parentheses, comments and
 * strings. Undefined when the text is not balanced or holds what a line scanner cannot follow
 * (a string running past its line, a template literal).
 */
export function splitAtBlankLines(lines: string[]): string[][] | undefined {
  const runs: string[][] = [];
  let run: string[] = [];
  const scanner = new LineScanner();
  for (const line of lines) {
    if (line.trim() === "" && scanner.atTop()) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    run.push(line);
    if (!scanner.scan(line)) return undefined;
  }
  if (!scanner.atTop()) return undefined;
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * A run (no blank lines between its statements) split into statements, each with the comments
 * before it: a statement ends on a line that closes every bracket and ends with `;` or `}`.
 * Undefined as for {@link splitAtBlankLines}.
 */
export function splitStatements(run: string[]): string[][] | undefined {
  const statements: string[][] = [];
  let statement: string[] = [];
  const scanner = new LineScanner();
  for (const line of run) {
    statement.push(line);
    if (!scanner.scan(line)) return undefined;
    if (scanner.atTop() && /[;}]$/.test(line)) {
      statements.push(statement);
      statement = [];
    }
  }
  if (!scanner.atTop()) return undefined;
  if (statement.length > 0) statements.push(statement);
  return statements;
}

/** Follows brackets, block comments and strings through lines of TypeScript. */
class LineScanner {
  private depth = 0;
  private inComment = false;

  /** Whether the scanner is outside every bracket and comment. */
  atTop(): boolean {
    return this.depth === 0 && !this.inComment;
  }

  /** Scans one line; false when it cannot follow it (see {@link splitAtBlankLines}). */
  scan(line: string): boolean {
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (this.inComment) {
        if (c === "*" && line[i + 1] === "/") (this.inComment = false), i++;
      } else if (c === "/" && line[i + 1] === "*") (this.inComment = true), i++;
      else if (c === "/" && line[i + 1] === "/") break;
      else if (c === '"' || c === "'") {
        i = stringEnd(line, i);
        if (i < 0) return false;
      } else if (c === "`") return false;
      else if (c === "{" || c === "[" || c === "(") this.depth++;
      else if (c === "}" || c === "]" || c === ")") {
        if (--this.depth < 0) return false;
      }
    }
    return true;
  }
}

/** Index of the quote closing the string opened at `start`, or -1 when it does not close on the line. */
function stringEnd(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}
