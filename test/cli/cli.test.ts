import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildCheckerSnapshot } from "../../src/typecheck/snapshot-build.js";
import { cli, tempProject, writeConfig } from "../helpers/project.js";

describe("the codemode CLI", () => {
  it("explains itself", async () => {
    const main = await cli(process.cwd(), "--help");
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("generate");
    expect(main.stdout).toContain("prompt");
    for (const command of ["generate", "prompt"]) {
      const help = await cli(process.cwd(), command, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: codemode ${command}`);
    }
    expect((await cli(process.cwd(), "generate", "--help")).stdout).toMatch(/--offline[\s\S]*--check[\s\S]*--silent/);
  });

  it("rejects unknown commands and flags with exit 2 and one line", async () => {
    const command = await cli(process.cwd(), "frobnicate");
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('codemode: unknown command "frobnicate"');
    const flag = await cli(process.cwd(), "generate", "--frobnicate");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("codemode generate: unknown flag --frobnicate; see --help\n");
  });

  it("refuses --watch with --check", async () => {
    const result = await cli(process.cwd(), "generate", "--watch", "--check");
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining("--watch and --check do not go together") });
  });

  it("says where no config was found", async () => {
    const dir = await tempProject();
    const result = await cli(dir, "generate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`codemode: no codemode config found in ${dir}`);
    expect(result.stderr).toContain("hint: run `codemode init` to create one");
  });

  it("reports every config problem at once, each with file and key, without a stack", async () => {
    const dir = await tempProject();
    await writeConfig(dir, {
      outDir: 3,
      servres: {},
      servers: { a: {}, b: { command: "x", url: "http://y" }, c: { comand: "x" }, d: { url: "ftp://x" }, e: { command: "x", args: "not-an-array" } },
    });
    const result = await cli(dir, "generate");
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("    at ");
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toBe("codemode: codemode.config.json has 8 problems");
    expect(lines.slice(1)).toEqual([
      "  - codemode.config.json: servres: unknown key (did you mean \"servers\"?)",
      "  - codemode.config.json: outDir: must be a string",
      "  - codemode.config.json: servers.a: needs one of command, url or snapshot",
      "  - codemode.config.json: servers.b: has command and url; pick one",
      '  - codemode.config.json: servers.c.comand: unknown key (did you mean "command"?)',
      "  - codemode.config.json: servers.c: needs one of command, url or snapshot",
      "  - codemode.config.json: servers.d.url: must be an http(s) URL",
      "  - codemode.config.json: servers.e.args: must be an array of strings",
    ]);
  });

  it("prompt prints the typings on stdout and their token count on stderr", async () => {
    const dir = await tempProject(["sequential-thinking", "hazards"]);
    await writeConfig(dir, { servers: { thinking: { snapshot: "snapshots/sequential-thinking.json" }, hazards: { snapshot: "snapshots/hazards.json" } } });
    const result = await cli(dir, "prompt", "-s", "thinking");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("declare namespace thinking {");
    expect(result.stdout).not.toContain("declare namespace hazards");
    expect(result.stderr).toMatch(/^prompt: \d+ o200k tokens; the tools\/list JSON: \d+ \(\d\.\d\dx\)\n$/);
  });

  it("the installed bin runs, and the committed examples are fresh", async () => {
    const bin = path.resolve("bin/codemode.js");
    const run = promisify(execFile);
    expect((await run(process.execPath, [bin, "--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    // The drift gate CI users run: fails when examples/generated was not regenerated.
    await expect(run(process.execPath, [bin, "generate", "--check", "--offline"])).resolves.toBeDefined();
  });

  it("the bin's run type-checks first, with the checker it starts before loading the CLI: a process from the checker's snapshot", async () => {
    // Made as `codemode generate` makes it; without it, the bin starts a thread (client.test.ts).
    expect(await buildCheckerSnapshot()).toBeDefined();
    const bin = path.resolve("bin/codemode.js");
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-bin-run-"));
    const bad = path.join(dir, "bad.ts");
    await writeFile(bad, 'const n: number = "x";\nreturn n;\n');
    const checked = await promisify(execFile)(process.execPath, [bin, "run", bad]).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("1:7 TS2322: Type 'string' is not assignable to type 'number'.");
    const unchecked = await promisify(execFile)(process.execPath, [bin, "run", "--no-typecheck", bad]);
    expect(unchecked.stdout).toBe('"x"\n');
  });
});
