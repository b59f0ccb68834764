import { accessSync, constants } from "node:fs";
import path from "node:path";

/** Where the system's own tools are looked for: never `PATH`, which the environment controls. */
const SYSTEM_DIRS = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];
/** Where each tool lives, looked up once per process: every sandbox start asks again. */
const tools = new Map<string, string | undefined>();

/** A system tool's file (`unshare`, `setpriv`…), or undefined where there is none. */
export function findTool(name: string): string | undefined {
  if (!tools.has(name)) tools.set(name, lookUp(name));
  return tools.get(name);
}

function lookUp(name: string): string | undefined {
  for (const dir of SYSTEM_DIRS) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  return undefined;
}

/**
 * `command`, started so that the kernel kills it when this process dies, however it dies
 * (Linux's parent-death signal, set by `setpriv` before it runs the command); undefined where
 * that cannot be had. A child busy in a long synchronous task cannot notice its host is gone.
 */
export function diesWithHost(command: string[]): string[] | undefined {
  const setpriv = process.platform === "linux" ? findTool("setpriv") : undefined;
  return setpriv ? [setpriv, "--pdeathsig", "KILL", ...command] : undefined;
}
