import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { generate } from "../../src/generate.js";

const FIXTURE = path.resolve("test/fixtures/servers/hazards.json");
let outDir = "";
afterEach(() => rm(outDir, { recursive: true, force: true }));

async function written() {
  outDir = await mkdtemp(path.join(os.tmpdir(), "codemode-reuse-"));
  const config = configFromObject({ outDir, servers: { hazards: { snapshot: FIXTURE } } });
  const first = await generate(config);
  return { config, first, typings: path.join(outDir, "hazards", "index.d.ts") };
}

describe("reusing unchanged packages", () => {
  it("a second generate reuses the package: same files, nothing compiled or formatted again", async () => {
    const { config, first } = await written();
    const second = await generate(config, { check: true });
    expect(second.upToDate).toBe(true);
    expect(second.files).toEqual(first.files);
    expect(first.reused).toEqual([]);
    expect(second.reused).toEqual(["hazards"]);
  });

  it("an edited index.d.ts fails its fingerprint and is made again", async () => {
    const { config, first, typings } = await written();
    const text = await readFile(typings, "utf8");
    await writeFile(typings, text.replace("declare namespace", "declare  namespace"));
    const again = await generate(config, { check: true });
    expect(again.reused).toEqual([]);
    expect(again.plan.changed).toEqual(["hazards/index.d.ts"]);
    expect(again.files).toEqual(first.files);
  });

  it("an edited shim or a missing fingerprint is made again", async () => {
    const { config, first } = await written();
    const shim = path.join(outDir, "hazards", "index.js");
    await writeFile(shim, (await readFile(shim, "utf8")).replace("(function () {", "(function () { globalThis.x = 1;"));
    const pkg = path.join(outDir, "hazards", "package.json");
    await writeFile(pkg, (await readFile(pkg, "utf8")).replace(/"fingerprint": "[^"]+"/, '"fingerprint": "sha256-0"'));
    const again = await generate(config, { check: true });
    expect(again.plan.changed.sort()).toEqual(["hazards/index.js", "hazards/package.json"]);
    expect(again.files).toEqual(first.files);
  });
});
