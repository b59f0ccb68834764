import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const TSC = path.resolve("node_modules/typescript/bin/tsc");

/**
 * Runs the real `tsc --strict --noEmit` (the project's pinned TypeScript) on files as one
 * program, and returns its diagnostics: empty when they compile.
 */
export async function tscStrict(files: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-tsc-"));
  const config = path.join(dir, "tsconfig.json");
  const compilerOptions = { strict: true, noEmit: true, target: "ES2022", lib: ["ES2022"], types: [], skipLibCheck: false };
  await writeFile(config, JSON.stringify({ compilerOptions, files: files.map((file) => path.resolve(file)) }));
  try {
    await promisify(execFile)(process.execPath, [TSC, "-p", config]);
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout || String(error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
