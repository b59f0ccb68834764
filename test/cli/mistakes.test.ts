import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempProject, writeConfig } from "../helpers/project.js";

/** Mistakes a user makes on the command line, and the one line (plus a hint, where there is one) each gets. */
describe("CLI mistakes get codemode's own one-line messages", () => {
  it.each([
    [["genrate"], 'codemode: unknown command "genrate"; did you mean codemode generate?\n'],
    [["prompts"], 'codemode: unknown command "prompts"; did you mean codemode prompt?\n'],
    [["frobnicate"], 'codemode: unknown command "frobnicate"; run codemode --help for the commands\n'],
    [["--ofline"], "codemode: unknown flag --ofline; flags follow a command, as in codemode generate --ofline\n"],
    [["--verison"], "codemode: unknown flag --verison; did you mean codemode --version?\n"],
    [["help", "rnu"], 'codemode: unknown command "rnu"; did you mean codemode run?\n'],
    [["generate", "--ofline"], "codemode generate: unknown flag --ofline; did you mean --offline?\n"],
    [["generate", "--chek"], "codemode generate: unknown flag --chek; did you mean --check?\n"],
    [["generate", "--zzz"], "codemode generate: unknown flag --zzz; see --help\n"],
    [["generate", "-x"], "codemode generate: unknown flag -x; see --help\n"],
    [["generate", "--offline=yes"], "codemode generate: --offline takes no value\n"],
    [["generate", "stuff"], 'codemode generate: unexpected argument "stuff"; it takes no arguments (see codemode generate --help)\n'],
    [["run", "--timout", "5", "a.ts"], "codemode run: unknown flag --timout; did you mean --timeout?\n"],
    [["run", "a.ts", "--timeout"], "codemode run: --timeout needs a value\n"],
    [["run", "a.ts", "b.ts"], 'codemode run: unexpected argument "b.ts"; it takes at most 1 argument (see codemode run --help)\n'],
    [["prompt", "--serch", "x"], "codemode prompt: unknown flag --serch; did you mean --search?\n"],
    [["prompt", "--max-token", "5"], "codemode prompt: unknown flag --max-token; did you mean --max-tokens?\n"],
    [["init", "--forse"], "codemode init: unknown flag --forse; did you mean --force?\n"],
  ])("codemode %j", async (argv, stderr) => {
    const dir = await tempProject();
    expect(await cli(dir, ...argv)).toEqual({ code: 2, stdout: "", stderr });
  });

  it("codemode help COMMAND prints that command's help, as git and npm do", async () => {
    const dir = await tempProject();
    expect(await cli(dir, "help", "run")).toEqual(await cli(dir, "run", "--help"));
    expect((await cli(dir, "help", "check")).stdout).toMatch(/^Usage: codemode check /);
    expect(await cli(dir, "help")).toEqual(await cli(dir, "--help"));
  });

  it.each(["prompt", "diff", "generate"])("%s -s with a server the config does not have names the ones it has", async (command) => {
    const dir = await tempProject();
    await writeConfig(dir, { outDir: "out", servers: { memory: { command: "node", args: ["-e", "0"] }, other: { command: "node", args: ["-e", "0"] } } });
    expect(await cli(dir, command, "-s", "memroy")).toEqual({ code: 2, stdout: "", stderr: 'codemode: unknown server "memroy"\n  hint: the config has: memory, other\n' });
  });

  it("names codemode init when there is no config", async () => {
    const dir = await tempProject();
    const result = await cli(dir, "generate");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `codemode: no codemode config found in ${dir} or the folders above it, up to the project's package.json\n  hint: run \`codemode init\` to create one (it imports .mcp.json and other MCP client configs), or pass --config FILE or --from .mcp.json\n`,
    );
  });

  it.each(["generate", "prompt"])("%s: a config without servers is an error, not a folder of shared types", async (command) => {
    const dir = await tempProject();
    await writeConfig(dir, { outDir: "out", servers: {} });
    expect(await cli(dir, command)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'codemode: codemode.config.json has no servers\n  hint: add one under "servers" (see the README), or import an MCP client\'s config with import: [".mcp.json"]\n',
    });
  });

  it.each([
    ['{ "mcpServers": { "memory": { "comand": "npx" } } }', '  - .mcp.json: server "memory": unknown key "comand" (did you mean "command"?)\n'],
    ['{ "mcpServers": { "web": { "type": "http", "ulr": "https://x" } } }', '  - .mcp.json: server "web": unknown key "ulr" (did you mean "url"?)\n'],
  ])("a misspelt key in an MCP client config gets a suggestion: %s", async (json, problem) => {
    const dir = await tempProject();
    await writeFile(path.join(dir, ".mcp.json"), json);
    const result = await cli(dir, "generate", "--from", ".mcp.json");
    expect(result).toEqual({ code: 2, stdout: "", stderr: `codemode: 1 imported server cannot be used\n${problem}` });
  });

  it.each([
    ['{\n  "mcpServers": {\n    "a": { "command": "x", },\n  }\n}', "line 3, column 28: Expected double-quoted property name"],
    ['{\n  "mcpServers": {', "line 2, column 18: Expected property name or '}'"],
  ])("broken JSON in an MCP client config names the line and column", async (json, where) => {
    const dir = await tempProject();
    await writeFile(path.join(dir, ".mcp.json"), json);
    expect(await cli(dir, "generate", "--from", ".mcp.json")).toEqual({ code: 2, stdout: "", stderr: `codemode: cannot import .mcp.json: invalid JSON at ${where}\n` });
  });

  it("a successful generate ends with one summary line, even off a terminal; --silent drops it", async () => {
    const dir = await tempProject(["sequential-thinking"]);
    await writeConfig(dir, { outDir: "out", servers: { thinking: { snapshot: "snapshots/sequential-thinking.json" } } });
    expect((await cli(dir, "generate")).stderr).toMatch(/^wrote 7 files to out \(0 unchanged\) in \d+\.\ds\n$/);
    expect((await cli(dir, "generate")).stderr).toMatch(/^wrote 0 files to out \(7 unchanged\) in \d+\.\ds\n$/);
    expect(await cli(dir, "generate", "--silent")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
