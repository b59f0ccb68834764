import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Every example runs the way the README says, from a copy of the repository (a fresh clone
// after `npm install`: the built dist/, node_modules, no examples/memory.jsonl yet).
const readme = await readFile("README.md", "utf8");
const commands = [...readme.matchAll(/^node bin\/codemode\.js run (examples\/agents\/\S+)/gm)].map((match) => match[1]!);
const agents = (await readdir("examples/agents")).filter((file) => file.endsWith(".ts")).map((file) => `examples/agents/${file}`);

let clone: string;
beforeAll(async () => {
  clone = await mkdtemp(path.join(os.tmpdir(), "codemode-clone-"));
  const skip = new Set(["node_modules", ".git", ".tmp", "examples/memory.jsonl", "test/fixtures/json-schema-test-suite"].map((name) => path.resolve(name)));
  await cp(path.resolve("."), clone, { recursive: true, filter: (source) => !skip.has(source) });
  await symlink(path.resolve("node_modules"), path.join(clone, "node_modules"), "dir");
});
afterAll(() => rm(clone, { recursive: true, force: true }));

describe("the README's commands for examples/agents", () => {
  it("cover every example agent, one command each", () => {
    expect(commands.sort()).toEqual(agents.sort());
  });

  it.each(agents)("node bin/codemode.js run %s succeeds", async (agent) => {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/codemode.js", "run", agent], {
      cwd: clone,
      env: { ...process.env, CI: "true", MEMORY_FILE_PATH: "" },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toBeTruthy();
  }, 90_000);
});
