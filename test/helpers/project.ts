import { cp, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

/** A temporary project folder holding copies of fixture snapshots under `snapshots/`. */
export async function tempProject(snapshots: string[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-project-"));
  for (const name of snapshots) await cp(path.resolve("test/fixtures/servers", `${name}.json`), path.join(dir, "snapshots", `${name}.json`), { recursive: true });
  return dir;
}

export async function writeConfig(dir: string, config: unknown, file = "codemode.config.json"): Promise<void> {
  await writeFile(path.join(dir, file), typeof config === "string" ? config : JSON.stringify(config, null, 2));
}

/** Runs the CLI in-process in `cwd`, capturing what it prints, as in CI (or on a terminal with `interactive`). */
export async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({ interactive: false }, cwd, ...argv);
}

export async function cliWith(options: { interactive: boolean; stdin?: string; env?: NodeJS.ProcessEnv }, cwd: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const env = { ...process.env, CI: "true", ...options.env };
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd, interactive: options.interactive, stdin: async () => options.stdin ?? "" };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
