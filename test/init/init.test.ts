import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/project.js";

/** A project with a Cursor and a Claude Code config, and codemode installed (linked to this repo). */
async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-init-"));
  await mkdir(path.join(dir, ".cursor"));
  await mkdir(path.join(dir, "node_modules"));
  await symlink(process.cwd(), path.join(dir, "node_modules/codemode"));
  const memory = { command: process.execPath, args: [path.resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js")], env: { MEMORY_FILE_PATH: path.join(dir, "m.jsonl") } };
  await writeFile(path.join(dir, ".cursor/mcp.json"), JSON.stringify({ mcpServers: { memory } }));
  await writeFile(path.join(dir, ".mcp.json"), JSON.stringify({ mcpServers: { thinking: { command: "codemode-not-started" } } }));
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
});
