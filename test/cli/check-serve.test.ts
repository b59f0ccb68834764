import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listenAddress } from "../../src/cli/serve.js";
import { cli } from "../helpers/project.js";

const root = process.cwd();

describe("codemode check", () => {
  it("passes committed agent scripts that type-check and lists the errors of those that do not", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-check-"));
    const good = path.join(dir, "good.ts");
    const bad = path.join(dir, "bad.ts");
    await writeFile(good, `const s = await everything.getSum({ a: 1, b: 2 });\nreturn s.text;`);
    await writeFile(bad, `const s = await everything.getSum({ a: 1, b: "2" });\nconst n: number = s.text;\nreturn n;`);
    expect(await cli(root, "check", good)).toMatchObject({ code: 0, stdout: "", stderr: "codemode check: 1 of 1 file type-check\n" });
    const result = await cli(root, "check", good, bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${bad}:1:43 TS2322 Type 'string' is not assignable to type 'number'.`);
    expect(result.stdout).toContain("expected: everything.getSum(input: { a: number; b: number })");
    expect(result.stdout).toContain(`${bad}:2:7 TS2322`);
    expect(result.stderr).toBe("codemode check: 1 of 2 files type-check\n");
    expect(await cli(root, "check")).toMatchObject({ code: 2, stderr: expect.stringContaining("codemode check needs agent files") });
  });

  it("prints a diagnostic quoting the file's text with its control and reordering characters escaped (outside attack: a key that clears the screen and writes the clipboard)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-check-"));
    const file = path.join(dir, "escapes.ts");
    await writeFile(file, `const p: { a: number } = { a: 1, "\u001b[2J\u001b]52;c;cm0gLXJmIH4K\u0007 \u202e \u009b31m": 2 };\nreturn p;\n`);
    const result = await cli(root, "check", file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("TS2353");
    expect(result.stdout).toContain("\\x1b[2J");
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it("checks every example agent script in the repository", async () => {
    const files = ["everything", "filesystem", "memory"].map((name) => `examples/agents/${name}.ts`);
    expect(await cli(root, "check", ...files)).toMatchObject({ code: 0 });
  });
});

describe("codemode serve --http", () => {
  it.each([
    ["8080", { host: "127.0.0.1", port: 8080 }],
    ["0.0.0.0:9000", { host: "0.0.0.0", port: 9000 }],
    ["[::1]:7000", { host: "::1", port: 7000 }],
    ["localhost:0", { host: "localhost", port: 0 }],
  ])("%s", (value, expected) => expect(listenAddress(value)).toEqual(expected));

  it.each(["", "http://x", "99999", "host:"])("refuses %j", (value) => expect(() => listenAddress(value)).toThrow(/expected PORT or HOST:PORT/));
});
