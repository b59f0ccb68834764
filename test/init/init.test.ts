import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/project.js";
import { TSC_INIT_OPTIONS, tscProject } from "../helpers/tsc.js";

/** A project with a Cursor and a Claude Code config, and codemode installed (linked to this repo). */
async function project(type = "module"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-init-"));
  await mkdir(path.join(dir, ".cursor"));
  await mkdir(path.join(dir, "node_modules"));
  await symlink(process.cwd(), path.join(dir, "node_modules/codemode"));
  const memory = { command: process.execPath, args: [path.resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js")], env: { MEMORY_FILE_PATH: path.join(dir, "m.jsonl") } };
  await writeFile(path.join(dir, ".cursor/mcp.json"), JSON.stringify({ mcpServers: { memory } }));
  await writeFile(path.join(dir, ".mcp.json"), JSON.stringify({ mcpServers: { thinking: { command: "codemode-not-started" } } }));
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "app", type }));
  return dir;
}

describe("codemode init", () => {
  it("without a terminal: imports what it finds, marks the output generated, and the config generates", async () => {
    const dir = await project();
    const result = await cli(dir, "init");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("found MCP client configs: .mcp.json, .cursor/mcp.json");
    const config = await readFile(path.join(dir, "codemode.config.ts"), "utf8");
    expect(config).toContain('import: [".mcp.json",".cursor/mcp.json"]');
    expect(await readFile(path.join(dir, ".gitattributes"), "utf8")).toBe("generated/** linguist-generated=true\n");
    expect((await cli(dir, "generate", "-s", "memory")).code).toBe(0);
  });

  it("never overwrites a config without --force", async () => {
    const dir = await project();
    await cli(dir, "init", "--from", ".cursor/mcp.json");
    const again = await cli(dir, "init");
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining("codemode.config.ts already exists") });
    expect(await cli(dir, "init", "--force", "-o", "apis")).toMatchObject({ code: 0 });
    expect(await readFile(path.join(dir, "codemode.config.ts"), "utf8")).toContain('outDir: "apis"');
    expect(await readFile(path.join(dir, ".gitattributes"), "utf8")).toBe("generated/** linguist-generated=true\napis/** linguist-generated=true\n");
  });

  it("on a terminal (a pseudo-terminal from `script`): asks, and takes the answers", async () => {
    const dir = await project();
    const bin = path.resolve("bin/codemode.js");
    const { CI: _ci, ...env } = process.env;
    const run = promisify(execFile);
    const child = run("script", ["-qec", `${process.execPath} ${bin} init`, "/dev/null"], { cwd: dir, env });
    // Typed ahead, as a fast typist (or a paste) would: both answers are kept.
    child.child.stdin!.end("n\napis\n");
    const { stdout } = await child;
    expect(stdout).toContain("Import their servers? [Y/n]");
    expect(stdout).toContain("Output folder [generated]");
    const config = await readFile(path.join(dir, "codemode.config.ts"), "utf8");
    expect(config).toContain('outDir: "apis"');
    expect(config).not.toContain("import:");
  });

  // npm 11's `npm init -y` writes "type": "commonjs", where a .ts file with `import` is TS1295.
  // skipLibCheck here only for speed: test/public-types.test.ts checks codemode's .d.ts with it off.
  it.each([["commonjs", "codemode.config.mts"], ["module", "codemode.config.ts"]])("in a %s project writes %s, which the project's tsc accepts", async (type, file) => {
    const dir = await project(type);
    const result = await cli(dir, "init", "--from", ".cursor/mcp.json");
    expect(result.stderr).toContain(`wrote ${file} and marked`);
    expect(result.stderr).toContain("wrote agents/tsconfig.json: agent scripts in agents/ see the servers as globals");
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...TSC_INIT_OPTIONS, skipLibCheck: true }, exclude: ["agents"] }));
    expect(await tscProject(dir)).toBe("");
    expect((await cli(dir, "generate")).code).toBe(0);
    // The agents' tsconfig gives agent code the globals; the project's own does not.
    await writeFile(path.join(dir, "agents", "graph.ts"), "export async function agent() {\n  const graph = await memory.readGraph();\n  return graph.entities.length;\n}\n");
    expect(await tscProject(path.join(dir, "agents"))).toBe("");
    await writeFile(path.join(dir, "host.ts"), "export const graph = memory.readGraph();\n");
    expect(await tscProject(dir)).toContain("host.ts(1,22): error TS2304: Cannot find name 'memory'.");
  });
});
