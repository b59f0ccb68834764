/**
 * The type checker's startup snapshot: a V8 heap with TypeScript loaded and the ES2022 libs
 * parsed and bound, which Node restores in a new process in a few tens of milliseconds
 * (`node --snapshot-blob`). A checker's thread spends about 250 ms of a checked `codemode run` on
 * the same work, with the CLI and the sandbox starting beside it on the same cores.
 *
 * The snapshot is made on the user's machine, by the Node that will use it: `codemode generate`
 * makes it when there is none (about a second, once per install or upgrade), in codemode's cache
 * folder. Until it exists, or wherever it cannot be made or used, checks run in a thread as before.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDirFor, cacheKey } from "../util/cache.js";
import { cachedLibs, TYPESCRIPT_FILE } from "../util/typescript.js";

/** Heap of a checker, thread or process: types can be made to grow without end (a 66 KB script took 3 GB). */
export const CHECKER_HEAP_MB = 1024;

/**
 * V8's flags for making the snapshot and for every process started from it: Node refuses a
 * snapshot made under other V8 flags (the heap's limit among them).
 */
export const SNAPSHOT_V8_FLAGS = [`--max-old-space-size=${CHECKER_HEAP_MB}`];

/** How long making the snapshot may take before it is given up (it takes about a second). */
const BUILD_TIMEOUT_MS = 60_000;

/** `dist/`, from this module in `dist/` or in `src/`: the snapshot bundles the compiled checker. */
function distDir(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
}

/** The compiled files the snapshot holds, besides TypeScript and its libs. */
const BUNDLED = ["typecheck/snapshot-main.js", "typecheck/checker.js", "typecheck/serve.js", "util/lib-set.js"];

/**
 * Where the snapshot for this Node, this TypeScript and this checker is, whether or not it has
 * been made; undefined outside `node_modules` (nowhere to keep it) or without a built checker.
 */
export function checkerSnapshotFile(): string | undefined {
  const dir = cacheDirFor(TYPESCRIPT_FILE);
  if (!dir) return undefined;
  try {
    const stamps = [TYPESCRIPT_FILE, ...BUNDLED.map((file) => path.join(distDir(), file))].map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${file}:${size}:${mtimeMs}`;
    });
    return path.join(dir, `checker-${cacheKey([process.version, process.arch, process.execPath, ...SNAPSHOT_V8_FLAGS, ...stamps])}.blob`);
  } catch {
    return undefined;
  }
}

/** The snapshot if it has been made. */
export function existingCheckerSnapshot(): string | undefined {
  const file = checkerSnapshotFile();
  return file && existsSync(file) ? file : undefined;
}

/** Removes a snapshot Node refused, so that the next `generate` makes it again. */
export function discardCheckerSnapshot(file: string): void {
  rmSync(file, { force: true });
}

/**
 * Makes the snapshot unless it exists; resolves with its file, or undefined when it cannot be
 * made here (no cache folder, a Node without snapshots, a build that failed). Never throws: checks
 * then run in a thread.
 */
export async function buildCheckerSnapshot(): Promise<string | undefined> {
  const file = checkerSnapshotFile();
  if (!file) return undefined;
  if (existsSync(file)) return file;
  const temporary = `${file}.${process.pid}.tmp`;
  const script = `${temporary}.cjs`;
  try {
    writeFileSync(script, await bundleEntry());
    const ok = await run(process.execPath, [...SNAPSHOT_V8_FLAGS, "--snapshot-blob", temporary, "--build-snapshot", script]);
    if (!ok || !existsSync(temporary)) return undefined;
    renameSync(temporary, file);
    removeOtherSnapshots(file);
    return file;
  } catch {
    return undefined;
  } finally {
    rmSync(script, { force: true });
    rmSync(temporary, { force: true });
  }
}

/** Snapshots of another Node, TypeScript or codemode (20 MB each): none will be used again. */
function removeOtherSnapshots(file: string): void {
  const dir = path.dirname(file);
  for (const name of readdirSync(dir)) {
    if (/^checker-[0-9a-f]{16}\.blob$/.test(name) && name !== path.basename(file)) rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * The snapshot's entry as one CommonJS script, as `--build-snapshot` needs it. Its
 * `util/typescript.js` is replaced: the real one finds TypeScript and the libs' cache through
 * `import.meta` and the file system, while the snapshot takes the compiler from its file (`require`
 * reaches only Node's built-ins there) and the libs as text.
 */
async function bundleEntry(): Promise<string> {
  const { esbuild } = await import("../util/esbuild.js");
  const dist = distDir();
  const replacement = `import { readFileSync } from "node:fs";
import { bundleLibs } from "./lib-set.js";
const file = ${JSON.stringify(TYPESCRIPT_FILE)};
const compiler = { exports: {} };
new Function("module", "exports", "require", "__filename", "__dirname", readFileSync(file, "latin1"))(compiler, compiler.exports, require, file, ${JSON.stringify(path.dirname(TYPESCRIPT_FILE))});
const libs = new Map(Object.entries(${JSON.stringify(cachedLibs())}));
export const loadTypeScript = () => compiler.exports;
export const libBundle = (roots, without) => bundleLibs(libs, roots, without);
`;
  const result = await esbuild().build({
    entryPoints: [path.join(dist, "typecheck/snapshot-main.js")],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "silent",
    plugins: [
      {
        name: "snapshot-typescript",
        setup(build) {
          build.onResolve({ filter: /\/util\/typescript\.js$/ }, () => ({ path: "typescript", namespace: "snapshot" }));
          build.onLoad({ filter: /.*/, namespace: "snapshot" }, () => ({ contents: replacement, loader: "js", resolveDir: path.join(dist, "util") }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

/** Runs a command to its end; resolves with whether it exited 0 in time. */
function run(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.once("error", () => resolve(false));
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
