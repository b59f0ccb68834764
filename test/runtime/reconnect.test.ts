import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { generate } from "../../src/generate.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";

/** A long-lived runtime survives its servers: a stdio server that exits is started again on the next call. */
describe("a long-lived runtime and a stdio server that dies", () => {
  let dir: string;
  let runtime: Runtime;
  const down = () => path.join(dir, "down");
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "codemode-flaky-"));
    const server = { command: process.execPath, args: [path.resolve("test/fixtures/faulty/flaky.mjs")], env: { FLAKY_DOWN: path.join(dir, "down") } };
    const config = configFromObject({ outDir: "out", servers: { flaky: server } }, dir);
    await generate(config);
    runtime = await createRuntime({ config });
  });
  afterAll(async () => {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  });
  const ping = "return (await flaky.ping()).text;";

  it("is started again on the next call when it exits between runs", async () => {
    const first = await runtime.run(ping);
    expect(first).toMatchObject({ ok: true, result: expect.stringMatching(/^pong \d+$/) });
    const death = await runtime.run("await flaky.die();");
    expect(death.error).toMatchObject({ kind: "server", message: expect.stringContaining('server "flaky"') });
    expect(death.error!.message).toContain("dying on request");
    const second = await runtime.run(ping);
    expect(second).toMatchObject({ ok: true, result: expect.stringMatching(/^pong \d+$/) });
    expect(second.result).not.toBe(first.result);
  });

  it("names the server, its command and its stderr when it cannot be started again", async () => {
    await runtime.run("await flaky.die();");
    await writeFile(down(), "");
    const run = await runtime.run(ping);
    expect(run.ok).toBe(false);
    expect(run.error!.kind).toBe("server");
    expect(run.error!.message).toContain('server "flaky"');
    expect(run.error!.message).toContain("flaky.mjs");
    expect(run.error!.message).toContain("the database is down");
    await rm(down());
    await expect.poll(async () => (await runtime.run(ping)).ok, { timeout: 20_000 }).toBe(true);
  });
});
