/**
 * Splits a server's namespace block (`/** header *\/`, `declare namespace x {`, body, `}`) into
 * the runs of whole statements between its blank lines, so each run can be formatted, or kept,
 * on its own. prettier keeps one blank line between statements and formats a statement the same
 * whatever its neighbours, so formatting the runs apart and joining them with one blank line
 * prints what formatting the whole block prints.
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
  const body = lines.slice(open + 1, -1);
  const runs = splitAtBlankLines(body);
  return runs && { head: lines.slice(0, open + 1), runs };
}

/** The block again, from its head and runs: one blank line between runs. */
export function joinNamespace(head: string[], runs: string[][]): string {
  return `${[...head, runs.map((run) => run.join("\n")).join("\n\n"), "}"].join("\n")}\n`;
}

/**
 * `body` split at its blank lines outside braces, brackets, parentheses, comments and strings.
 * Undefined when the text is not balanced or holds what a line scanner cannot follow (a string
 * running past its line, a template literal).
 */
function splitAtBlankLines(body: string[]): string[][] | undefined {
  const runs: string[][] = [];
  let run: string[] = [];
  let depth = 0;
  let inComment = false;
  for (const line of body) {
    if (line.trim() === "" && depth === 0 && !inComment) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    run.push(line);
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (inComment) {
        if (c === "*" && line[i + 1] === "/") (inComment = false), i++;
      } else if (c === "/" && line[i + 1] === "*") (inComment = true), i++;
      else if (c === "/" && line[i + 1] === "/") break;
      else if (c === '"' || c === "'") {
        i = stringEnd(line, i);
        if (i < 0) return undefined;
      } else if (c === "`") return undefined;
      else if (c === "{" || c === "[" || c === "(") depth++;
      else if (c === "}" || c === "]" || c === ")") {
        if (--depth < 0) return undefined;
      }
    }
  }
  if (depth !== 0 || inComment) return undefined;
  if (run.length > 0) runs.push(run);
  return runs;
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
