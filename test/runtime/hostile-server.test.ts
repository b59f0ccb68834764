import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
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

  it.each([
    ["an answer of more than 500,000 objects and arrays", "wide", "a message of more than 500000 objects and arrays"],
    ["an answer on a line of more than 16 MiB", "huge", "a line of more than 16777216 characters"],
    // However long: one call's answer is agent code's to size, and a cap on skipping it closed the server for everyone.
    ["an answer on a line of 140 MiB", "huge({ mib: 140 })", "a line of more than 16777216 characters"],
  ])("drops %s, fails that call alone, naming the limit, and keeps the server", async (_, call, why) => {
    const before = await runtime.run(ping);
    expect(before).toMatchObject({ ok: true, result: expect.stringMatching(/^pong \d+$/) });
    const run = await runtime.run(`await hostile.${call.includes("(") ? call : `${call}()`};`);
    expect(run).toMatchObject({ ok: false, error: { kind: "agent", message: expect.stringContaining(`${why}, more than codemode takes from a server; it was dropped`) } });
    // The same process answers: the connection was kept.
    expect(await runtime.run(ping)).toMatchObject({ ok: true, result: before.ok ? before.result : "" });
  });

  it("closes a server whose line over 16 MiB stops without ending, says so, and connects again on the next call", async () => {
    const run = await runtime.run("await hostile.endless();");
    expect(run).toMatchObject({ ok: false, error: { kind: "server", message: expect.stringContaining("a line of more than 16777216 characters that did not end") } });
    await expect.poll(async () => (await runtime.run(ping)).ok, { timeout: 20_000 }).toBe(true);
  });
});

/**
 * A minimal Streamable HTTP MCP server, by hand, whose `big` tool answers with `bytes` of JSON (and `small` with a word):
 * the SDK reads an answer whole before codemode sees it, so the bytes are limited on the way in.
 */
async function hugeAnswerServer(bytes: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const message = JSON.parse(body || "{}") as { id?: number; method?: string; params?: { protocolVersion?: string } };
    if (message.id === undefined) return void res.writeHead(202).end();
    const reply = (result: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: message.id, result }));
    if (message.method === "initialize") return reply({ protocolVersion: message.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "huge", version: "1" } });
    if (message.method === "tools/list") {
      return reply({
        tools: [
          { name: "big", description: "A huge answer.", inputSchema: { type: "object" } },
          { name: "small", description: "A small answer.", inputSchema: { type: "object" } },
        ],
      });
    }
    reply({ content: [{ type: "text", text: (message as { params?: { name?: string } }).params?.name === "small" ? "small" : "x".repeat(bytes) }] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mcp`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("an MCP server over HTTP that answers with more than the host takes", () => {
  let dir: string;
  let huge: { url: string; close: () => Promise<void> };
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "codemode-hostile-http-"));
    huge = await hugeAnswerServer(17 * 2 ** 20);
    const config = configFromObject({ outDir: "out", servers: { huge: { url: huge.url } } }, dir);
    await generate(config);
    // A result limit far above the answer, so that only the transport's limit can refuse it.
    runtime = await createRuntime({ config, defaults: { typecheck: false, timeoutMs: 30_000, maxResultBytes: 128 * 2 ** 20 } });
  });
  afterAll(async () => {
    await runtime.close();
    await huge.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses an answer of more than 16 MiB, naming the limit, and fails that call alone", async () => {
    const [big, small] = await Promise.all([runtime.run("return (await huge.big()).text.length;"), runtime.run("return (await huge.small()).text;")]);
    expect(big).toMatchObject({ ok: false, error: { kind: "agent", message: expect.stringContaining("over 16777216 bytes") } });
    // A concurrent run's call to the same server, and the next one, are answered.
    expect(small).toMatchObject({ ok: true, result: "small" });
    expect(await runtime.run("return (await huge.small()).text;")).toMatchObject({ ok: true, result: "small" });
  });
});
