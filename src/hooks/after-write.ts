import { spawn } from "node:child_process";
import { CodemodeError } from "../errors.js";

/**
 * Runs the config's `hooks.afterWrite` commands, one after another, in the config's folder,
 * through the shell (so `npm run x && y` works). Their output goes to `log`; a command that
 * fails stops the rest with an error naming it.
 */
export async function runAfterWriteHooks(commands: string[], cwd: string, env: NodeJS.ProcessEnv, log: (text: string) => void): Promise<void> {
  for (const command of commands) {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(command, { cwd, env, shell: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const collect = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
        log(chunk.toString());
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.once("error", reject);
      child.once("close", (exit) => resolve({ code: exit, output }));
    });
    if (code !== 0) {
      throw new CodemodeError("WRITE_FAILED", `hooks.afterWrite: \`${command}\` exited with ${code}`, {
        hint: output.trim().split("\n").slice(-3).join(" / ") || "the files were written; fix the hook and run it again",
      });
    }
  }
}
