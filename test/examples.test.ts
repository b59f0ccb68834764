import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tscStrict } from "./helpers/tsc.js";

describe("the example agent scripts", () => {
  it("type-check against the committed typings, as agent code (the body of an async function)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-agents-"));
    const files = [path.resolve("examples/generated/.agents.d.ts")];
    // The runtime gives agents a console; a bare ES lib has none.
    await writeFile(path.join(dir, "console.d.ts"), "declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void };\n");
    files.push(path.join(dir, "console.d.ts"));
    const agents = [
      ...(await readdir("examples/agents")).map((file) => `examples/agents/${file}`),
      ...(await readdir("examples/snapshot-only")).map((file) => `examples/snapshot-only/${file}`),
    ].filter((file) => file.endsWith(".ts"));
    expect(agents.length).toBeGreaterThanOrEqual(4);
    for (const agent of agents) {
      const body = await readFile(agent, "utf8");
      const file = path.join(dir, path.basename(agent));
      await writeFile(file, `export async function agent() {\n${body}\n}\n`);
      files.push(file);
    }
    expect(await tscStrict(files)).toBe("");
  });
});
