import { format } from "prettier";
import type { ServerApi } from "../emit/server.js";
import { FORMAT_OPTIONS as OPTIONS } from "./options.js";
import { joinNamespace, splitNamespace } from "./segments.js";
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

/** A namespace block as prettier prints it, formatting only the runs of statements not known to be stable. */
export async function formatBlock(block: string): Promise<string> {
  const parts = splitNamespace(block);
  if (!parts || !isPrettierStableHead(parts.head)) return formatTypeScript(block);
  const open = parts.head.at(-1)!;
  // Neighbouring runs prettier must see are formatted together, inside the same namespace line.
  const groups: { lines: string[]; stable: boolean }[] = [];
  for (const run of parts.runs) {
    const stable = isPrettierStable(run);
    const last = groups.at(-1);
    if (last && !last.stable && !stable) last.lines.push("", ...run);
    else groups.push({ lines: [...run], stable });
  }
  try {
    const runs = await Promise.all(groups.map((group) => (group.stable ? group.lines : formatRun(open, group.lines))));
    return joinNamespace(parts.head, runs);
  } catch {
    // A run that does not parse alone (which the emitter does not produce): the whole block, as before.
    return formatTypeScript(block);
  }
}

/** Statements formatted inside their namespace, returned without it. */
async function formatRun(open: string, lines: string[]): Promise<string[]> {
  const formatted = await formatTypeScript(`${open}\n${lines.join("\n")}\n}\n`);
  if (!formatted.startsWith(`${open}\n`) || !formatted.endsWith("\n}\n")) throw new Error("unexpected layout");
  return formatted.slice(open.length + 1, -3).split("\n");
}

/** Formats JavaScript, for the bundled shim (once per process). */
export function formatJavaScript(code: string): Promise<string> {
  return format(code, { ...OPTIONS, parser: "babel" });
}

/** Formats TypeScript, for tests that check codemode's fixed text is already formatted. */
export function formatTypeScript(code: string): Promise<string> {
  return format(code, { ...OPTIONS, parser: "typescript" });
}
