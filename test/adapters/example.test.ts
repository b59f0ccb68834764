import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TSC_INIT_OPTIONS, tscProject } from "../helpers/tsc.js";

const EXAMPLE = "examples/hosts/ai-sdk-agent.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "codemode-ai-sdk-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the README's AI SDK agent", () => {
  it("is the example file, word for word", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(readme).toContain("```ts\n" + (await readFile(EXAMPLE, "utf8")) + "```\n");
  });

  it("compiles in a tsc --init project with codemode and ai installed", async () => {
    // codemode as the built package, through its exports map; ai as the user installs it. With
    // tsc --init's skipLibCheck: ai's own declarations fail exactOptionalPropertyTypes (and
    // public-types.test.ts checks codemode's with it off).
    await mkdir(path.join(dir, "node_modules"));
    await symlink(path.resolve("."), path.join(dir, "node_modules", "codemode"), "dir");
    await symlink(path.resolve("node_modules/ai"), path.join(dir, "node_modules", "ai"), "dir");
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...TSC_INIT_OPTIONS, skipLibCheck: true } }));
    await writeFile(path.join(dir, "agent.ts"), await readFile(EXAMPLE, "utf8"));
    expect(await tscProject(dir)).toBe("");
  });
});
