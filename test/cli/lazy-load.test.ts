// Runs the built CLI (dist/, as `npm test` builds it first).
import { cp, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packagesLoadedBy } from "../helpers/loaded.js";
import { tempProject, writeConfig } from "../helpers/project.js";

/** What only some runs of `generate` need: the MCP client (and zod), the compile check, prettier, the TypeScript config loader. */
const HEAVY = ["@modelcontextprotocol/client", "zod", "@ts-morph/common", "ts-morph", "prettier", "jiti", "cosmiconfig-typescript-loader", "gpt-tokenizer"];

describe("generate loads only what the run needs", () => {
  it("an up-to-date snapshot-only run with a JSON config loads none of the heavy packages", async () => {
    const dir = await tempProject(["sequential-thinking"]);
    await writeConfig(dir, { outDir: "out", servers: { thinking: { snapshot: "snapshots/sequential-thinking.json" } } });
    // The first run writes the packages (compiling and formatting); the second finds them fresh.
    await packagesLoadedBy(dir, "generate", "--silent");
    const loaded = await packagesLoadedBy(dir, "generate", "--check", "--silent");
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
    expect(loaded).toContain("cosmiconfig");
  }, 60_000);

  it("--offline with committed packages starts no server, so the MCP client is not loaded; a .ts config loads its loader", async () => {
    const dir = await tempProject(["sequential-thinking"]);
    await mkdir(path.join(dir, "out/thinking"), { recursive: true });
    await cp(path.resolve("test/fixtures/servers/sequential-thinking.json"), path.join(dir, "out/thinking/snapshot.json"));
    await writeConfig(dir, `export default { outDir: "out", servers: { thinking: { command: "no-such-server" } } };\n`, "codemode.config.ts");
    const loaded = await packagesLoadedBy(dir, "generate", "--offline", "--silent");
    expect(loaded.has("@modelcontextprotocol/client")).toBe(false);
    expect(loaded.has("zod")).toBe(false);
    expect(loaded).toContain("jiti");
    // It did generate: the package came from the committed snapshot.
    expect(await readFile(path.join(dir, "out/thinking/index.d.ts"), "utf8")).toContain("declare namespace thinking");
  }, 60_000);
});
