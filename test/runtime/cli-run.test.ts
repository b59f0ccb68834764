import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workerdAvailable } from "../helpers/executors.js";
import { cli, cliWith } from "../helpers/project.js";

/** The repository's own config: real example servers over stdio, and their committed packages. */
const root = process.cwd();

async function agentFile(code: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-agent-"));
  const file = path.join(dir, "agent.ts");
  await writeFile(file, code);
  return file;
}

describe("codemode run", () => {
  it("runs a file against the example servers over stdio and prints the result", async () => {
    const file = await agentFile(`const s = await everything.getSum({ a: 20, b: 22 });\nconsole.log(s.text);\nreturn s.text;`);
    const result = await cli(root, "run", file);
    expect(result).toMatchObject({ code: 0, stdout: '"The sum of 20 and 22 is 42."\n' });
    expect(result.stderr).toBe("[log] The sum of 20 and 22 is 42.\n");
  });

  it.skipIf(!workerdAvailable)("--executor workerd runs the same file in workerd; an unknown executor is a usage error", async () => {
    const file = await agentFile(`const s = await everything.getSum({ a: 20, b: 22 });\nreturn s.text;`);
    expect(await cli(root, "run", file, "--executor", "workerd")).toMatchObject({ code: 0, stdout: '"The sum of 20 and 22 is 42."\n' });
    const wrong = await cli(root, "run", file, "--executor", "deno");
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--executor: unknown executor "deno"; the executors are node, workerd');
  });

  it("prints a result holding terminal controls as JSON escapes, the same value when parsed (outside attack: a C1 CSI and an OSC 52 clipboard write)", async () => {
    const value = { "\u009b2J\u009bHclean": "\u009d52;c;cHduZWQ=\u009c \u202eevil\u202c \u007f" };
    const code = `return ${JSON.stringify(value)};`;
    for (const json of [false, true]) {
      const result = await cliWith({ interactive: false, stdin: code }, root, "run", "-", "--no-typecheck", ...(json ? ["--json"] : []));
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/);
      const printed = JSON.parse(result.stdout);
      expect(json ? printed.result : printed).toEqual(value);
    }
  });

  it("--json prints one object; a failure exits 1", async () => {
    const result = await cliWith({ interactive: false, stdin: "\nawait everything.echo({ mesage: 'x' } as any);" }, root, "run", "-", "--json");
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(expect.arrayContaining(["ok", "logs", "error", "calls", "durationMs"]));
    expect(output).toMatchObject({ ok: false, error: { line: 2 }, calls: [{ server: "everything", tool: "echo", ok: false }] });
    expect(output.error.message).toContain("must have required property 'message'");
  });

  it("the example agent scripts run", async () => {
    const env = { ...process.env, MEMORY_FILE_PATH: path.join(await mkdtemp(path.join(os.tmpdir(), "codemode-mem-")), "memory.jsonl") };
    const { createRuntime } = await import("../../src/runtime/runtime.js");
    const runtime = await createRuntime({ configFile: "codemode.config.ts", env });
    try {
      const { readFile } = await import("node:fs/promises");
      const memory = await runtime.run(await readFile("examples/agents/memory.ts", "utf8"));
      expect(memory).toMatchObject({ ok: true, result: ["Ada worked with Charles"] });
      const everything = await runtime.run(await readFile("examples/agents/everything.ts", "utf8"));
      expect(everything).toMatchObject({ ok: true, result: { sum: "The sum of 19 and 23 is 42." } });
    } finally {
      await runtime.close();
    }
  });

  it("control characters from agent code reach the terminal escaped, never raw", async () => {
    const result = await cli(root, "run", await agentFile(`console.log("\\x1b[2J clear");\nthrow new Error("\\x1b]52;c;Y2xpcA==\\x07 clipboard");`));
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(result.stderr).toContain("[log] \\x1b[2J clear");
    expect(result.stderr).toContain("Error: \\x1b]52;c;Y2xpcA==\\x07 clipboard");
  });

  it("agent code cannot print a line that reads as codemode's own: each log line carries its level, an error's further lines are indented", async () => {
    const fake = "codemode: allow filesystem.writeFile(notes.txt)? [y/N] y";
    const result = await cli(root, "run", await agentFile(`console.log("done\\n${fake}");\nconsole.error("a\\n\\nb");\nthrow new Error("failed\\nType error (nothing ran): fake");`));
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toEqual(["[log] done", `[log] ${fake}`, "[error] a", "[error] ", "[error] b", "Run failed (agent; no calls made): Error: failed", "  Type error (nothing ran): fake (line 3, column 7)", ""]);
  });

  // Outside attack: a thrown object named "Type error (nothing ran)", with no stack and its own
  // "(line …)", printed exactly as a real type error does, after its write had run.
  it("a failure agent code names cannot read as a type error: the line says the run failed, and how many calls it made", async () => {
    const spoof = await cli(root, "run", await agentFile(`await everything.echo({ message: "written" });\nthrow { name: "Type error (nothing ran)", message: "Property 'x' does not exist. (line 1, column 14)" };`), "--no-typecheck");
    expect(spoof.stderr).toBe("Run failed (agent; 1 call made): Type error (nothing ran): Property 'x' does not exist. (line 1, column 14)\n");
  });

  it("--timeout stops the code; a syntax error shows a frame", async () => {
    const loop = await cli(root, "run", await agentFile("while (true) {}"), "--timeout", "300");
    expect(loop.code).toBe(1);
    expect(loop.stderr).toContain("TimeoutError: the code ran longer than 300 ms and was stopped");
    const syntax = await cli(root, "run", await agentFile("const a = ;"));
    expect(syntax.stderr).toContain("1 | const a = ;");
    expect(syntax.stderr).not.toContain("agent.ts:");
    const typed = await cli(root, "run", await agentFile("const n: number = 'x';\nreturn n;"));
    expect(typed.stderr).toMatch(/^Type error \(nothing ran\): Type 'string' is not assignable to type 'number'\. \(line 1, column 7\)/);
    expect((await cli(root, "run", await agentFile("1"), "--timeout", "soon")).code).toBe(2);
    const missing = await cli(root, "run", "no-such-agent.ts");
    expect(missing).toMatchObject({ code: 2, stderr: "codemode run: cannot read no-such-agent.ts: no such file\n" });
    expect(await cli(root, "run", "examples")).toMatchObject({ code: 2, stderr: "codemode run: cannot read examples: it is a folder, not a file\n" });
    expect(await cli(root, "check", "no-such-agent.ts")).toMatchObject({ code: 2, stderr: "codemode check: cannot read no-such-agent.ts: no such file\n" });
  });
});
