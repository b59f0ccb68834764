import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { generate } from "../../src/generate.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";

/** A server is no more trusted than agent code: what it sends cannot end the host or hold its memory. */
describe("a hostile MCP server", () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "codemode-hostile-"));
    const config = configFromObject({ outDir: "out", servers: { hostile: { command: process.execPath, args: [path.resolve("test/fixtures/faulty/hostile.mjs")] } } }, dir);
    await generate(config);
    runtime = await createRuntime({ config, defaults: { typecheck: false, timeoutMs: 20_000 } });
  });
  afterAll(async () => {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  });
  const ping = "return (await hostile.ping()).text;";

  it("drops a message nested 200,000 levels deep and goes on (the SDK would overflow the host's stack describing it)", async () => {
    expect(await runtime.run("return (await hostile.deep()).text;")).toMatchObject({ ok: true, result: expect.stringMatching(/^pong \d+$/) });
    expect(await runtime.run(ping)).toMatchObject({ ok: true });
  });

  it("closes a server that writes a line of more than 64 MiB, and connects again on the next call", async () => {
    const endless = await runtime.run("await hostile.endless();");
    expect(endless).toMatchObject({ ok: false, error: { kind: "server" } });
    await expect.poll(async () => (await runtime.run(ping)).ok, { timeout: 20_000 }).toBe(true);
  });
});
