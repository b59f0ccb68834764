/**
 * The type checker's startup snapshot: a V8 heap with TypeScript loaded and the ES2022 libs
 * parsed and bound, which Node restores in a new process in a few tens of milliseconds
 * (`node --snapshot-blob`). A checker's thread spends about 250 ms of a checked `codemode run` on
 * the same work, with the CLI and the sandbox starting beside it on the same cores.
 *
 * The snapshot is made on the user's machine, by the Node that will use it (`snapshot-build.ts`):
 * `codemode generate` makes it when there is none (about a second, once per install or upgrade),
 * in codemode's cache folder. Until it exists, or wherever it cannot be made or used, checks run
 * in a thread as before. This module only finds it, and loads little: `codemode run` looks for
 * it before it loads the CLI.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDirFor } from "../util/cache-dir.js";
import { shortHash } from "../util/short-hash.js";
import { TS_MORPH_COMMON, TYPESCRIPT_FILE } from "../util/typescript-file.js";

/** Heap of a checker, thread or process: types can be made to grow without end (a 66 KB script took 3 GB). */
export const CHECKER_HEAP_MB = 1024;

/**
 * V8's flags for making the snapshot and for every process started from it: Node refuses a
 * snapshot made under other V8 flags (the heap's limit among them).
 */
export const SNAPSHOT_V8_FLAGS = [`--max-old-space-size=${CHECKER_HEAP_MB}`];

/** `dist/`, from this module in `dist/` or in `src/`: the snapshot bundles the compiled checker. */
export function distDir(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
}

/**
 * The compiled files the snapshot holds or is made by, besides TypeScript: its entry and what it
 * bundles, the builder (which writes the stand-in for `util/typescript.js`), and `util/typescript.js`
 * (which picks the libs).
 */
const MADE_FROM = ["typecheck/snapshot-main.js", "typecheck/checker.js", "typecheck/serve.js", "compile/check.js", "errors.js", "util/lib-set.js", "typecheck/snapshot-build.js", "util/typescript.js"];

/**
 * Where the snapshot for this Node, this TypeScript and this checker is, whether or not it has
 * been made; undefined outside `node_modules` (nowhere to keep it) or without a built checker.
 */
export function checkerSnapshotFile(): string | undefined {
  const dir = cacheDirFor(TYPESCRIPT_FILE);
  if (!dir) return undefined;
  try {
    const stamps = [TYPESCRIPT_FILE, TS_MORPH_COMMON, ...MADE_FROM.map((file) => path.join(distDir(), file))].map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${file}:${size}:${mtimeMs}`;
    });
    return path.join(dir, `checker-${nodeKey()}-${shortHash([...SNAPSHOT_V8_FLAGS, ...stamps])}.blob`);
  } catch {
    return undefined;
  }
}

/** What names the Node that makes and uses a snapshot: only a snapshot of the same Node replaces another (two Nodes may share an install). */
export function nodeKey(): string {
  return shortHash([process.version, process.arch, process.execPath]);
}

/**
 * Removes what builds killed midway left (a 20 MB temporary snapshot, its script): files named
 * by a process that is gone, in the folder of the snapshot `file`. `codemode generate` calls it
 * each time; it reads one folder.
 */
export function removeAbandonedBuilds(file: string): void {
  const dir = path.dirname(file);
  try {
    for (const name of readdirSync(dir)) {
      const pid = /^checker-[0-9a-f-]+\.blob\.(\d+)\.tmp(?:\.cjs)?$/.exec(name)?.[1];
      if (pid && !alive(Number(pid))) rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // a folder that cannot be read or written: nothing was made in it either
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The snapshot if it has been made. */
export function existingCheckerSnapshot(): string | undefined {
  const file = checkerSnapshotFile();
  return file && existsSync(file) ? file : undefined;
}

/** Removes a snapshot Node refused, so that the next `generate` makes it again. */
export function discardCheckerSnapshot(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // A folder this user cannot write (a shared install): each run tries it once, then uses threads.
  }
}
