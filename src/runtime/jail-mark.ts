/**
 * A mark, in codemode's cache folder, that the jail started on this machine since it booted: the
 * next processes skip the probe (`isolation.ts`: the jail started with `true` in Node's place, a
 * dozen short processes), which put about 40 ms on every `codemode run`'s longest path, and on
 * the first run of every `createRuntime`.
 *
 * Only the strongest level is remembered, so a mark can never weaken a sandbox: at worst it names
 * a jail the kernel refuses since (its settings changed without a reboot), and then the sandbox
 * fails to start, says why, and the mark is removed for the next process to probe again. A
 * weaker level is probed each time, as before, since a probe can fail for a passing reason (a
 * machine out of processes) that must not outlast it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDirFor } from "../util/cache-dir.js";
import { shortHash } from "../util/short-hash.js";
import { TYPESCRIPT_FILE } from "../util/typescript-file.js";

/** A mark's name, as `jailMark` makes it, with its boot's hash. */
const MARK_NAME = /^jail-([0-9a-f]{16})-[0-9a-f]{16}$/;

/** The module that starts the jail (its script and flags): another codemode's jail is probed anew. */
const JAIL_MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), `isolation${path.extname(fileURLToPath(import.meta.url))}`);

/**
 * The mark's file for this boot, user and Node, this sandbox entry (the jail binds the entry's
 * package) and this codemode's jail, or undefined where there is no cache folder or boot id.
 * `dir` for tests.
 */
export function jailMark(entry: string, dir = cacheDirFor(TYPESCRIPT_FILE)): string | undefined {
  if (!dir) return undefined;
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stamps = [entry, JAIL_MODULE].map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${file}:${size}:${mtimeMs}`;
    });
    // The boot apart, first: `rememberJail` removes the marks of earlier boots by it.
    return path.join(dir, `jail-${shortHash([boot])}-${shortHash([String(process.getuid?.()), process.execPath, ...stamps])}`);
  } catch {
    return undefined;
  }
}

/**
 * Marks the jail as started, and removes the marks of earlier boots, which no process can use
 * again (else every boot would leave one more file); a folder that cannot be written leaves the
 * probe to every process.
 */
export function rememberJail(mark: string): void {
  const dir = path.dirname(mark);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(mark, "");
  } catch {
    return; // probed again next time
  }
  const thisBoot = MARK_NAME.exec(path.basename(mark))?.[1];
  try {
    for (const name of readdirSync(dir)) {
      const boot = MARK_NAME.exec(name)?.[1];
      if (boot !== undefined && boot !== thisBoot) forgetJail(path.join(dir, name));
    }
  } catch {
    // a folder this user may write but not list: the old marks stay, harmless
  }
}

/** Removes the mark: a jail sandbox died before it came up. */
export function forgetJail(mark: string | undefined): void {
  if (!mark) return;
  try {
    rmSync(mark, { force: true });
  } catch {
    // a folder this user cannot write could not hold the mark either
  }
}
