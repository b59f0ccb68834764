import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempProject, writeConfig } from "../helpers/project.js";

describe("codemode diff", () => {
  it("classifies changes against the committed snapshots and exits 1 only when one breaks", async () => {
    const dir = await tempProject(["sequential-thinking"]);
    await writeConfig(dir, { outDir: "out", servers: { thinking: { snapshot: "snapshots/sequential-thinking.json" } } });
    await cli(dir, "generate");
    expect(await cli(dir, "diff")).toMatchObject({ code: 0, stdout: "no API changes\n" });

    const file = path.join(dir, "snapshots/sequential-thinking.json");
    const listing = JSON.parse(await readFile(file, "utf8"));
    listing.tools.push({ name: "summarize", inputSchema: { type: "object" } });
    await writeFile(file, JSON.stringify(listing));
    expect(await cli(dir, "diff")).toMatchObject({ code: 0, stdout: 'thinking:\n  minor: tool "summarize" added\n' });

    listing.tools[0].inputSchema.required.push("branchId");
    await writeFile(file, JSON.stringify(listing));
    const breaking = await cli(dir, "diff", "-s", "thinking");
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toContain('major: tool "sequentialthinking": input "branchId" became required');
  });

  it("compares two snapshot files", async () => {
    const dir = await tempProject(["sequential-thinking"]);
    const before = path.join(dir, "snapshots/sequential-thinking.json");
    const listing = JSON.parse(await readFile(before, "utf8"));
    listing.tools = [];
    await writeFile(path.join(dir, "after.json"), JSON.stringify(listing));
    const result = await cli(dir, "diff", before, "after.json");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('after.json:\n  major: tool "sequentialthinking" removed\n');
    expect((await cli(dir, "diff", "one.json")).code).toBe(2);
  });
});
