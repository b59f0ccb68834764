import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromObject } from "../src/config/load.js";
import { generate } from "../src/generate.js";
import { TSC_INIT_OPTIONS, tscProject } from "./helpers/tsc.js";

// A new user's app: tsc --init's options with skipLibCheck off and no "include" (every file),
// codemode installed, the six fixture servers generated into generated/, the examples' output
// committed beside them, and the examples' memory package linked as an npm workspace would.
const FIXTURES = ["gitlab", "lark", "mapbox", "notion", "playwright", "sequential-thinking"];

const HOST = `import { createRuntime } from "codemode";
import type { memory } from "./examples/generated/memory/index.js";
import type { memory as workspaceMemory } from "@codemode/memory";
import type { notion, ToolError, ToolResult } from "./generated/index.js";
import type { playwright } from "./generated/playwright/index.js";

export async function main(): Promise<number> {
  const runtime = await createRuntime();
  const kg = await runtime.api<typeof memory>("memory");
  const graph: workspaceMemory.ReadGraphOutput = await kg.readGraph();
  const pages = await runtime.api<typeof notion>("notion");
  const user: ToolResult = await pages.apiGetSelf();
  const browser = await runtime.api<typeof playwright>("playwright");
  try {
    await browser.browserClick({ target: "#ok" } satisfies playwright.BrowserClickInput);
  } catch (error) {
    if ((error as ToolError).tool === "browser_click") return -1;
  }
  await runtime.close();
  return graph.entities.length + user.text.length;
}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "codemode-app-"));
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "app", type: "module", workspaces: ["examples/generated/*"] }));
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: TSC_INIT_OPTIONS }));
  await mkdir(path.join(dir, "node_modules", "@codemode"), { recursive: true });
  await symlink(path.resolve("."), path.join(dir, "node_modules", "codemode"), "dir");
  await cp(path.resolve("examples/generated"), path.join(dir, "examples", "generated"), { recursive: true });
  await symlink(path.join(dir, "examples", "generated", "memory"), path.join(dir, "node_modules", "@codemode", "memory"), "dir");
  const servers = Object.fromEntries(FIXTURES.map((name) => [name, { snapshot: path.resolve("test/fixtures/servers", `${name}.json`) }]));
  await generate(configFromObject({ outDir: "generated", servers }, dir));
  await writeFile(path.join(dir, "host.ts"), HOST);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the generated folders inside a user's tsc --init project", () => {
  it("compile with host code that imports package types and calls tools through runtime.api", async () => {
    expect(await tscProject(dir)).toBe("");
  });

  it("do not leak the agents' globals into host code", async () => {
    await writeFile(path.join(dir, "leak.ts"), "export const graph = memory.readGraph();\n");
    try {
      const errors = (await tscProject(dir)).trim().split("\n");
      expect(errors).toEqual([expect.stringMatching(/leak\.ts\(1,22\): error TS2304: Cannot find name 'memory'\.$/)]);
    } finally {
      await rm(path.join(dir, "leak.ts"));
    }
  });
});
