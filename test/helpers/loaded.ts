import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/** Module hooks that append every loaded file's URL to the file named by CODEMODE_TEST_LOADED. */
const HOOKS = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (url.startsWith("file:")) appendFileSync(process.env.CODEMODE_TEST_LOADED, url + "\\n");
  return next(url, context);
}`;
/** The hooks, and at exit the CommonJS modules `require` loaded (which the hooks do not see), from its cache. */
const REGISTER = `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});
const cache = createRequire(process.cwd() + "/").cache;
process.on("exit", () => appendFileSync(process.env.CODEMODE_TEST_LOADED, Object.keys(cache).map((file) => "file://" + file + "\\n").join("")));`;

/**
 * Runs the built CLI (`bin/codemode.js`) in its own process and returns the npm packages it
 * loaded, ES modules and CommonJS alike (through the `load` hook, and `require`'s cache at exit).
 */
export async function packagesLoadedBy(cwd: string, ...argv: string[]): Promise<Set<string>> {
  const log = path.join(await mkdtemp(path.join(os.tmpdir(), "codemode-loaded-")), "loaded.txt");
  const bin = path.resolve("bin/codemode.js");
  await promisify(execFile)(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, bin, ...argv], {
    cwd,
    env: { ...process.env, CODEMODE_TEST_LOADED: log },
  });
  const urls = (await readFile(log, "utf8")).split("\n").filter(Boolean);
  const packages = new Set<string>();
  for (const url of urls) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(url));
    if (match) packages.add(match[1]!);
  }
  return packages;
}
