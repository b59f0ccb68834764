// Runs the built module (dist/), as the compile thread does.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const MODULE = pathToFileURL(path.resolve("dist/util/code-cache.js")).href;

/** A project with `node_modules/answer`, and a script loading it through the code cache, then with `require`. */
async function project(body = "exports.answer = () => 42;\n"): Promise<{ dir: string; run: () => Promise<string>; cacheDir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-code-cache-"));
  await mkdir(path.join(dir, "node_modules/answer"), { recursive: true });
  await writeFile(path.join(dir, "node_modules/answer/index.js"), `${body}exports.loads = (globalThis.loads ?? 0) + 1;\nglobalThis.loads = exports.loads;\n`);
  const script = path.join(dir, "main.mjs");
  await writeFile(
    script,
    `import { createRequire } from "node:module";
import { requireWithCodeCache, saveCodeCaches } from ${JSON.stringify(MODULE)};
const cached = requireWithCodeCache("answer", import.meta.url);
const required = createRequire(import.meta.url)("answer");
saveCodeCaches();
console.log(cached.answer(), required === cached, required.loads);
`,
  );
  return { dir, run: async () => (await promisify(execFile)(process.execPath, [script], { cwd: dir })).stdout.trim(), cacheDir: path.join(dir, "node_modules/.cache/codemode") };
}

describe("loading a module through the V8 code cache", () => {
  it("loads it once, as require would, and keeps the cache in node_modules/.cache/codemode", async () => {
    const { run, cacheDir } = await project();
    expect(await run()).toBe("42 true 1");
    const files = await readdir(cacheDir);
    expect(files).toEqual([expect.stringMatching(/^index-[0-9a-f]{16}\.v8$/)]);
    // With the cache: the same module.
    expect(await run()).toBe("42 true 1");
  });

  it("loads it as well when the cache is damaged, and writes it again", async () => {
    const { run, cacheDir } = await project();
    await run();
    const [file] = await readdir(cacheDir);
    await writeFile(path.join(cacheDir, file!), "not a code cache");
    expect(await run()).toBe("42 true 1");
    expect(await readdir(cacheDir)).toEqual([file]);
    expect(await readFile(path.join(cacheDir, file!), "utf8")).not.toBe("not a code cache");
  });

  it("loads a file that is not ASCII with its text intact, cached or not (ASCII is read as Latin-1)", async () => {
    const { run } = await project('exports.answer = () => "é ✓ 𝄞".length + ":" + "é ✓ 𝄞";\n');
    expect(await run()).toBe("6:é ✓ 𝄞 true 1");
    expect(await run()).toBe("6:é ✓ 𝄞 true 1");
  });
});
