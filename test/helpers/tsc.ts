import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const TSC = path.resolve("node_modules/typescript/bin/tsc");

/**
 * The strictest options `tsc --init` writes (TypeScript 6), with `skipLibCheck` off so that
 * every `.d.ts` is checked: what a new user's project compiles generated files with.
 */
export const TSC_INIT_OPTIONS = {
  module: "nodenext",
  target: "esnext",
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: "force",
  skipLibCheck: false,
  noEmit: true,
} as const;

/** Runs the pinned `tsc -p` on a project folder and returns its diagnostics: empty when it compiles. */
export async function tscProject(dir: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [TSC, "-p", dir], { maxBuffer: 16 * 2 ** 20 });
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout || String(error);
  }
}

/**
 * Runs the real `tsc --strict --noEmit` (the project's pinned TypeScript) on files as one
 * program, and returns its diagnostics: empty when they compile. `options` adds compiler options.
 */
export async function tscStrict(files: string[], options: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-tsc-"));
  const compilerOptions = { strict: true, noEmit: true, target: "ES2022", lib: ["ES2022"], types: [], skipLibCheck: false, ...options };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: files.map((file) => path.resolve(file)) }));
  try {
    return await tscProject(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
