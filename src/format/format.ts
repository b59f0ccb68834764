import { format } from "prettier";
import type { EmittedFile } from "../emit/emit.js";

const PARSERS: Record<string, string> = { ".d.ts": "typescript", ".js": "babel" };

/** Options fixed here, not read from the user's project, so output is the same on every machine. */
const OPTIONS = { printWidth: 120, endOfLine: "lf", trailingComma: "all", quoteProps: "as-needed" } as const;

/** Runs prettier once per TypeScript or JavaScript file; JSON is already canonical. */
export async function formatFiles(files: EmittedFile[]): Promise<EmittedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const parser = Object.entries(PARSERS).find(([suffix]) => file.path.endsWith(suffix))?.[1];
      return parser ? { path: file.path, content: await format(file.content, { ...OPTIONS, parser }) } : file;
    }),
  );
}
