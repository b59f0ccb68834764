import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { TSC_INIT_OPTIONS, tscProject } from "./helpers/tsc.js";

// What a user's `tsc --init` project (`"types": []`, here with `skipLibCheck: false`) sees of codemode: the built dist/.
const HOST = `import { createRuntime, defineConfig, generate, runCli, type RunResult, type RuntimeOptions } from "codemode";

export const config = defineConfig({ outDir: "generated", servers: { memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] } } });
export const options: RuntimeOptions = { config, env: { MEMORY_FILE_PATH: "memory.jsonl" } };
export async function main(): Promise<RunResult> {
  const runtime = await createRuntime(options);
  void generate;
  void runCli;
  return runtime.run("return 1;");
}
`;

it("codemode's public types compile in a tsc --init project with types: [] and skipLibCheck: false", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-types-"));
  try {
    await mkdir(path.join(dir, "node_modules"));
    await symlink(path.resolve("."), path.join(dir, "node_modules", "codemode"), "dir");
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: TSC_INIT_OPTIONS }));
    await writeFile(path.join(dir, "host.ts"), HOST);
    expect(await tscProject(dir)).toBe("");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
