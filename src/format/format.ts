import type { ServerApi } from "../emit/server.js";
import { formatCode } from "./prettier.js";
import { joinNamespace, splitAtBlankLines, splitNamespace, splitStatements } from "./segments.js";
import { isPrettierStable, isPrettierStableHead } from "./stable.js";

/**
 * Formats each server API's namespace block, once per server, not per file: the same block goes
 * into the server's `index.d.ts` and the root one, and a top-level declaration formats the same
 * alone. Only the statements prettier might change go through it (see `stable.ts`); the output
 * is what prettier prints for the whole block.
 */
export async function formatApis(apis: ServerApi[]): Promise<ServerApi[]> {
  return Promise.all(apis.map(async (api) => ({ ...api, block: await formatBlock(api.block) })));
}

/** Statements kept as they are (`lines`), or a group of neighbours to format (`group`: its index). */
type Piece = { lines: string[] } | { group: number };

/** A namespace block as prettier prints it, formatting only the statements not known to be stable. */
export async function formatBlock(block: string): Promise<string> {
  const parts = splitNamespace(block);
  if (!parts || !isPrettierStableHead(parts.head)) return formatTypeScript(block);
  // Neighbouring statements to format go together, and every group in one call to prettier.
  const groups: string[][] = [];
  const runs: Piece[][] = parts.runs.map((run) => {
    const pieces: Piece[] = [];
    let open: string[] | undefined;
    for (const statement of splitStatements(run) ?? [run]) {
      if (isPrettierStable(statement)) {
        pieces.push({ lines: statement });
        open = undefined;
      } else if (open) open.push(...statement);
      else {
        open = [...statement];
        pieces.push({ group: groups.push(open) - 1 });
      }
    }
    return pieces;
  });
  if (groups.length === 0) return block;
  const formatted = await formatGroups(parts.head.at(-1)!, groups).catch(() => undefined);
  // A group that does not parse alone, or comes back not as expected (neither is what the emitter makes): the whole block, as before.
  if (!formatted) return formatTypeScript(block);
  return joinNamespace(
    parts.head,
    runs.map((pieces) => pieces.flatMap((piece) => ("lines" in piece ? piece.lines : formatted[piece.group]!))),
  );
}

/** The groups formatted inside their namespace line, each apart from the others by a blank line; undefined when they do not come back one for one. */
async function formatGroups(open: string, groups: string[][]): Promise<string[][] | undefined> {
  const formatted = await formatTypeScript(`${open}\n${groups.map((group) => group.join("\n")).join("\n\n")}\n}\n`);
  if (!formatted.startsWith(`${open}\n`) || !formatted.endsWith("\n}\n")) return undefined;
  const back = splitAtBlankLines(formatted.slice(open.length + 1, -3).split("\n"));
  return back?.length === groups.length ? back : undefined;
}

/** Formats JavaScript, for the bundled shim (once per process). */
export function formatJavaScript(code: string): Promise<string> {
  return formatCode(code, "babel");
}

/** Formats TypeScript, for tests that check codemode's fixed text is already formatted. */
export function formatTypeScript(code: string): Promise<string> {
  return formatCode(code, "typescript");
}
