import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

/** The modules a process loaded to run `code` against the repo's config, unchecked. */
async function modulesFor(code: string): Promise<{ ok: boolean; modules: string[] }> {
  const { stdout } = await run(process.execPath, ["test/runtime/fixtures/loaded-modules.mjs", code], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { ok: boolean; modules: string[] };
}

const heavy = (modules: string[]) => ({
  mcpClient: modules.some((m) => m.includes("/@modelcontextprotocol/client/")),
  zod: modules.some((m) => m.includes("/node_modules/zod/")),
  ajv: modules.some((m) => m.includes("/node_modules/ajv/")),
  esbuild: modules.some((m) => m.includes("/node_modules/esbuild/")),
  typescript: modules.some((m) => m.includes("/@ts-morph/") || m.includes("/node_modules/typescript/")),
});

describe("a run loads only what it uses", () => {
  it("plain code that calls nothing loads no MCP client, Ajv, esbuild or TypeScript", async () => {
    const { ok, modules } = await modulesFor("return 1");
    expect(ok).toBe(true);
    expect(heavy(modules)).toEqual({ mcpClient: false, zod: false, ajv: false, esbuild: false, typescript: false });
  });

  it("a tool call loads the MCP client and Ajv (so the probe sees them); code with types starts esbuild's executable, not its JS API", async () => {
    const { ok, modules } = await modulesFor('const text: string = "hi"; return await everything.echo({ message: text });');
    expect(ok).toBe(true);
    expect(heavy(modules)).toMatchObject({ mcpClient: true, ajv: true, esbuild: false, typescript: false });
  });
});
