/**
 * Makes the type checker's startup snapshot (see `snapshot-file.ts`): the checker's entry
 * bundled into one script with TypeScript and the libs' text, run once by
 * `node --build-snapshot`. `codemode generate` calls it when the snapshot is missing.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cachedLibs } from "../util/typescript.js";
import { TYPESCRIPT_FILE } from "../util/typescript-file.js";
import { checkerSnapshotFile, distDir, nodeKey, SNAPSHOT_V8_FLAGS } from "./snapshot-file.js";

/** How long making the snapshot may take before it is given up (it takes about a second). */
const BUILD_TIMEOUT_MS = 60_000;

/**
 * Makes the snapshot unless it exists; resolves with its file, or undefined when it cannot be
 * made here (no cache folder, a Node without snapshots, a build that failed). Never throws: checks
 * then run in a thread.
 */
export async function buildCheckerSnapshot(file = checkerSnapshotFile()): Promise<string | undefined> {
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

/**
 * Snapshots this Node made for another TypeScript or codemode (20 MB each): none will be used
 * again. Another Node's are kept (two may share an install). One in use where files cannot be
 * removed (Windows) stays for the next build.
 */
function removeOtherSnapshots(file: string): void {
  const dir = path.dirname(file);
  const mine = new RegExp(`^checker-${nodeKey()}-[0-9a-f]{16}\\.blob$`);
  for (const name of readdirSync(dir)) {
    if (!mine.test(name) || name === path.basename(file)) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
    } catch {
      // removed by the next build
    }
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
    // No environment: `NODE_OPTIONS` with a V8 flag would make a snapshot the checker, started
    // without it, cannot use.
    const child = spawn(command, args, { stdio: "ignore", env: {} });
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.once("error", () => resolve(false));
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
