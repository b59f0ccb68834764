import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(await readFile("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
};
const OPTIONAL_PEERS = Object.keys(pkg.peerDependencies).filter((name) => pkg.peerDependenciesMeta[name]?.optional);

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageName(specifier: string): string {
  return specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
}

/**
 * The packages a built module loads at run time, following its relative imports. TypeScript's
 * own scanner finds the imports (static and dynamic), not the import-like text of generated-code
 * templates; type imports are gone from the built code.
 */
async function packagesLoaded(entry: string, seen = new Set<string>(), found = new Set<string>()): Promise<Set<string>> {
  if (seen.has(entry)) return found;
  seen.add(entry);
  for (const { fileName } of ts.preProcessFile(await readFile(entry, "utf8"), true, true).importedFiles) {
    if (fileName.startsWith(".")) await packagesLoaded(path.resolve(path.dirname(entry), fileName), seen, found);
    else if (!fileName.startsWith("node:")) found.add(packageName(fileName));
  }
  return found;
}

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.join(e.parentPath, e.name));
}

describe("the published package", () => {
  it("declares every package its code imports as a dependency, not a devDependency; the adapters' SDKs as optional peers", async () => {
    const missing = new Set<string>();
    for (const file of [...(await sources("src")), ...(await sources("templates"))]) {
      for (const [, specifier] of (await readFile(file, "utf8")).matchAll(/from "([^".][^"]*)"/g)) {
        // Node's own modules, workerd's (in the runner code the workerd executor sends it), and
        // "codemode" itself (written into generated config files).
        if (specifier!.startsWith("node:") || specifier!.startsWith("cloudflare:") || specifier === "codemode") continue;
        const name = packageName(specifier!);
        const peer = file.startsWith(path.join("src", "adapters")) && OPTIONAL_PEERS.includes(name);
        if (!pkg.dependencies[name] && !peer) missing.add(`${name} (${file})`);
      }
    }
    expect([...missing]).toEqual([]);
    // The adapters' tests run against the real SDKs.
    for (const name of OPTIONAL_PEERS) expect(pkg.devDependencies).toHaveProperty(name);
  });

  it.each([
    { entry: ".", want: [] },
    { entry: "./adapters/ai-sdk", want: ["ai"] },
    // Only types come from these SDKs: the adapters' objects are plain JSON.
    { entry: "./adapters/openai", want: [] },
    { entry: "./adapters/anthropic", want: [] },
  ])("$entry loads, of the optional SDKs, only $want (so codemode works without them)", async ({ entry, want }) => {
    const target = pkg.exports[entry];
    if (typeof target !== "object") throw new Error(`no export ${entry}`);
    const loaded = await packagesLoaded(path.resolve(target.default));
    expect([...loaded].filter((name) => OPTIONAL_PEERS.includes(name))).toEqual(want);
    // Not an empty walk: it reached the code that counts the description's tokens.
    expect(loaded).toContain("gpt-tokenizer");
  });

  it("exports each adapter under ./adapters/<name>, types beside the code", async () => {
    const adapters = (await readdir("src/adapters")).map((file) => `./adapters/${file.replace(/\.ts$/, "")}`);
    const exported = Object.keys(pkg.exports).filter((key) => key.startsWith("./adapters/"));
    expect(exported.sort()).toEqual(adapters.sort());
    for (const key of exported) {
      const name = key.slice("./adapters/".length);
      expect(pkg.exports[key]).toEqual({ types: `./dist/adapters/${name}.d.ts`, default: `./dist/adapters/${name}.js` });
    }
  });

  it("ships what generate bundles at run time: the shim and the protocol it imports", () => {
    expect(pkg.files).toEqual(expect.arrayContaining(["bin", "dist", "templates", "src/protocol.ts"]));
  });
});
