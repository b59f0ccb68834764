import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importServers } from "../../src/config/import.js";
import { loadConfig } from "../../src/config/load.js";
import { cli } from "../helpers/project.js";

const FIXTURES = path.resolve("test/fixtures/client-configs");

describe("importing other MCP clients' configs", () => {
  it.each([
    ["Claude Desktop", "claude_desktop_config.json", {
      filesystem: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"] },
      github: { command: "docker", args: ["run", "-i", "ghcr.io/github/github-mcp-server"], env: { GITHUB_PERSONAL_ACCESS_TOKEN: "${GITHUB_TOKEN}" } },
    }],
    ["Claude Code .mcp.json", "claude-code.mcp.json", {
      memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"], env: {} },
      linear: { url: "https://mcp.linear.app/mcp", transport: "http", headers: { Authorization: "Bearer ${LINEAR_TOKEN}" } },
      legacy: { url: "https://example.com/sse", transport: "sse" },
    }],
    ["Cursor", "cursor-mcp.json", {
      notion: { url: "https://mcp.notion.com/mcp" },
      everything: { command: "npx", args: ["@modelcontextprotocol/server-everything"] },
    }],
    ["Windsurf (serverUrl)", "windsurf-mcp_config.json", {
      remote: { url: "https://mcp.example.com/mcp", headers: { "X-Api-Key": "${API_KEY}" } },
    }],
  ])("%s", async (_client, file, want) => {
    const { servers, problems } = await importServers(path.join(FIXTURES, file));
    expect(problems).toEqual([]);
    expect(servers).toEqual(want);
  });

  it("VS Code: servers and ${workspaceFolder}; an ${input:…} says which variable to set instead", async () => {
    const { servers, problems } = await importServers(path.join(FIXTURES, "vscode/.vscode/mcp.json"), ".vscode/mcp.json");
    expect(servers).toEqual({ files: { command: "node", args: [`${path.join(FIXTURES, "vscode")}/server.js`] } });
    expect(problems).toEqual([
      '.vscode/mcp.json: server "github" uses ${input:github-token}; codemode does not prompt for inputs: set GITHUB_TOKEN in the environment and write ${GITHUB_TOKEN} instead',
    ]);
  });

  it("`import` in the config adds servers; the config's own win", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-import-"));
    await writeFile(path.join(dir, "cursor.json"), JSON.stringify({ mcpServers: { a: { url: "https://a/mcp" }, b: { command: "b" } } }));
    await writeFile(path.join(dir, "codemode.config.json"), JSON.stringify({ import: ["cursor.json"], servers: { b: { command: "mine" } } }));
    const config = await loadConfig({ cwd: dir });
    expect(config.servers.map((s) => [s.name, s.kind === "stdio" ? s.command : s.kind])).toEqual([["a", "remote"], ["b", "mine"]]);
  });

  it("generates from --from alone, against a real server", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-from-"));
    const memory = { command: process.execPath, args: [path.resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js")], env: { MEMORY_FILE_PATH: path.join(dir, "m.jsonl") } };
    await writeFile(path.join(dir, ".mcp.json"), JSON.stringify({ mcpServers: { memory: { type: "stdio", ...memory } } }));
    expect(await cli(dir, "generate", "--from", ".mcp.json", "-o", "out")).toMatchObject({ code: 0 });
    expect(await readdir(path.join(dir, "out/memory"))).toContain("index.d.ts");
    const broken = await cli(dir, "generate", "--from", path.join(FIXTURES, "vscode/.vscode/mcp.json"));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("set GITHUB_TOKEN in the environment");
  });
});
