import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { CodemodeError } from "../../errors.js";

/** Where the workerd binary is and which version it is, or why it is not usable. */
export type WorkerdBinary = { found: true; path: string; version: string } | { found: false; why: string };

const INSTALL_HINT = "npm install workerd (an optional dependency of codemode; it ships the binary for this platform)";

let located: WorkerdBinary | undefined;

/**
 * Finds the binary of the `workerd` npm package (an optional dependency), once per process. The
 * package's main module exports the path of the platform binary it installed.
 */
export function locateWorkerd(): WorkerdBinary {
  return (located ??= find());
}

function find(): WorkerdBinary {
  let binary: string;
  try {
    const loaded = createRequire(import.meta.url)("workerd") as { default?: unknown };
    binary = String(loaded.default ?? loaded);
  } catch {
    return { found: false, why: "the workerd package is not installed" };
  }
  if (!existsSync(binary)) return { found: false, why: `the workerd package has no binary for ${process.platform} ${process.arch}` };
  try {
    const version = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 15_000, stdio: ["ignore", "pipe", "pipe"] }).trim();
    return { found: true, path: binary, version };
  } catch (error) {
    return { found: false, why: `the workerd binary does not run here: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The binary's path, or a usage error that says how to install it. */
export function requireWorkerd(): string {
  const binary = locateWorkerd();
  if (!binary.found) throw workerdMissing(binary.why);
  return binary.path;
}

/** The error for a machine without workerd: what is wrong, and the command that fixes it. */
export function workerdMissing(why: string): CodemodeError {
  return new CodemodeError("USAGE", `the workerd executor is not available (${why}): npm install workerd`, { hint: INSTALL_HINT });
}
