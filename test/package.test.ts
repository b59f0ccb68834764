import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(await readFile("package.json", "utf8")) as { dependencies: Record<string, string>; files: string[] };

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.join(e.parentPath, e.name));
}

describe("the published package", () => {
  it("declares every package its code imports as a dependency, not a devDependency", async () => {
    const missing = new Set<string>();
    for (const file of [...(await sources("src")), ...(await sources("templates"))]) {
      for (const [, specifier] of (await readFile(file, "utf8")).matchAll(/from "([^".][^"]*)"/g)) {
        // Node's own modules, and "codemode" itself (written into generated config files).
        if (specifier!.startsWith("node:") || specifier === "codemode") continue;
        const name = specifier!.startsWith("@") ? specifier!.split("/").slice(0, 2).join("/") : specifier!.split("/")[0]!;
        if (!pkg.dependencies[name]) missing.add(`${name} (${file})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("ships what generate bundles at run time: the shim and the protocol it imports", () => {
    expect(pkg.files).toEqual(expect.arrayContaining(["bin", "dist", "templates", "src/protocol.ts"]));
  });
});
