import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import os from "node:os";
import { configFromObject } from "../src/config/load.js";
import { COMMON_TYPES } from "../src/emit/common.js";
import { formatTypeScript } from "../src/format/format.js";
import { generate } from "../src/generate.js";
import { tscStrict } from "./helpers/tsc.js";

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

  // Packages declare the shared types as globals, so each is its own program, as a consumer would include it.
  it.each(servers)("%s compiles under tsc --strict --noEmit", async (server) => {
    expect(await tscStrict([path.join(GOLDEN, server, server, "index.d.ts")])).toBe("");
  });

  it("the example servers' committed root typings compile under tsc --strict --noEmit", async () => {
    expect(await tscStrict(["examples/generated/index.d.ts"])).toBe("");
  });
});
