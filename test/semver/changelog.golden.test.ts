import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { generate } from "../../src/generate.js";

const VERSIONS = path.resolve("test/fixtures/versions");
const GOLDEN = path.resolve("test/golden/changelog/CHANGELOG.md");

describe("golden changelog", () => {
  it("of a server whose tools change between two versions", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-changelog-"));
    const config = configFromObject({ outDir: "out", servers: { tracker: { snapshot: "tracker.json" } } }, dir);
    await copyFile(path.join(VERSIONS, "v1.json"), path.join(dir, "tracker.json"));
    await generate(config);
    await copyFile(path.join(VERSIONS, "v2.json"), path.join(dir, "tracker.json"));
    const { changes } = await generate(config);
    expect(changes.tracker?.length).toBeGreaterThan(5);
    const changelog = await readFile(path.join(dir, "out/tracker/CHANGELOG.md"), "utf8");
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(GOLDEN, changelog);
    expect(changelog).toBe(await readFile(GOLDEN, "utf8").catch(() => "(missing: run npm run test:update)"));
  });
});
