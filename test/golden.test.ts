import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import os from "node:os";
import { configFromObject } from "../src/config/load.js";
import { COMMON_TYPES } from "../src/emit/common.js";
import { AGENT_GLOBALS } from "../src/emit/layout.js";
import { formatTypeScript } from "../src/format/format.js";
import { generate } from "../src/generate.js";
import { TSC_INIT_OPTIONS, tscStrict } from "./helpers/tsc.js";

const FIXTURES = path.resolve("test/fixtures/servers");
const GOLDEN = path.resolve("test/golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Real servers' listings (../shared/fixtures copies) plus `hazards`, which exercises every feature and naming trap. */
const servers = (await readdir(FIXTURES)).filter((file) => file.endsWith(".json")).map((file) => file.slice(0, -5)).sort();

describe("golden output", () => {
  it.each(servers)("%s matches its committed output", async (server) => {
    // The whole pipeline, as `generate --check` runs it against an empty folder: nothing is written.
    const config = configFromObject({ outDir: path.join(os.tmpdir(), "codemode-golden-none"), servers: { [server]: { snapshot: path.join(FIXTURES, `${server}.json`) } } });
    const { files: formatted } = await generate(config, { check: true });
    const dir = path.join(GOLDEN, server);
    if (UPDATE) {
      await rm(dir, { recursive: true, force: true });
      for (const file of formatted) {
        await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
        await writeFile(path.join(dir, file.path), file.content);
      }
    }
    for (const file of formatted) {
      const expected = await readFile(path.join(dir, file.path), "utf8").catch(() => "(missing: run npm run test:update)");
      expect(file.content, `${server}/${file.path}`).toBe(expected);
    }
  });

  it("the shared types are already formatted, so formatting each namespace alone gives the same file", async () => {
    expect(await formatTypeScript(COMMON_TYPES)).toBe(COMMON_TYPES);
  });

  // Packages are modules: each compiles alone, and all of them (with every root) together, under tsc --init's options.
  it.each(servers)("%s compiles alone under tsc --strict --noEmit", async (server) => {
    expect(await tscStrict([path.join(GOLDEN, server, server, "index.d.ts")], TSC_INIT_OPTIONS)).toBe("");
    expect(await tscStrict([path.join(GOLDEN, server, AGENT_GLOBALS)])).toBe("");
  });

  it("every package and every root index.d.ts compile in one program, with one folder's agent globals", async () => {
    const files = servers.flatMap((server) => [path.join(GOLDEN, server, server, "index.d.ts"), path.join(GOLDEN, server, "index.d.ts")]);
    expect(await tscStrict([...files, path.join(GOLDEN, "hazards", AGENT_GLOBALS)], TSC_INIT_OPTIONS)).toBe("");
  });

  it("the example servers' committed typings compile under tsc --strict --noEmit, agent globals included", async () => {
    const files = ["index.d.ts", AGENT_GLOBALS, ...(await readdir("examples/generated")).filter((name) => !name.includes(".")).map((name) => `${name}/index.d.ts`)];
    expect(await tscStrict(files.map((file) => path.join("examples/generated", file)), TSC_INIT_OPTIONS)).toBe("");
  });

  it("package typings are already formatted, export lists included", async () => {
    const file = await readFile(path.join(GOLDEN, "hazards", "hazards", "index.d.ts"), "utf8");
    expect(await formatTypeScript(file)).toBe(file);
    const root = await readFile("examples/generated/index.d.ts", "utf8");
    expect(await formatTypeScript(root)).toBe(root);
  });
});
