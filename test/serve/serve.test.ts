import { mkdtemp, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticTools } from "../../bench/synthetic.js";
import { configFromObject } from "../../src/config/load.js";
import { generate } from "../../src/generate.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { serveHttp } from "../../src/serve/http.js";
import { createServeServer } from "../../src/serve/server.js";
import { demoRuntime } from "../helpers/runtime.js";
import { tscStrict } from "../helpers/tsc.js";

type ToolAnswer = { content: { type: string; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };
const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as unknown as ToolAnswer;

/** `codemode serve` over stdio, as Claude Desktop or Cursor would start it: the repo's own config and example servers. */
describe("codemode serve over stdio", () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: "test", version: "1" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: ["bin/codemode.js", "serve"], cwd: process.cwd(), stderr: "pipe" }));
  });
  afterAll(() => client.close());

  it("offers execute, search and describe, and the typings as a resource", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["describe", "execute", "search"]);
    const execute = tools.find((tool) => tool.name === "execute")!;
    expect(execute.description).toContain("Promise.all");
    expect(execute.description).toContain("declare namespace everything");
    const typings = await client.readResource({ uri: "codemode://typings" });
    expect((typings.contents[0] as { text: string }).text).toContain("declare namespace filesystem");
  });

  it("search finds functions by plain words, best first, with their typings", async () => {
    const answer = await call(client, "search", { query: "add two numbers" });
    const results = answer.structuredContent!.results as { function: string; server: string; tool: string; signature: string }[];
    expect(results.slice(0, 3).map((hit) => hit.function)).toContain("everything.getSum");
    expect(results.find((hit) => hit.function === "everything.getSum")).toMatchObject({ server: "everything", tool: "get-sum" });
    expect(answer.content[0]!.text).toContain("function getSum");
  });

  it("search refuses a query past 1,000 characters, naming the limit", async () => {
    const answer = await call(client, "search", { query: "file ".repeat(300) });
    expect(answer.isError).toBe(true);
    expect(answer.content[0]!.text).toMatch(/query[\s\S]*1000/);
  });

  it("describe returns typings that compile alone, and names what exists on a mistake", async () => {
    const answer = await call(client, "describe", { functions: ["everything.getSum", "memory.readGraph"] });
    const typings = answer.content[0]!.text.replace(/^```ts\n|\n```$/g, "");
    expect(typings).toContain("function getSum");
    expect(typings).not.toContain("function echo");
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-describe-"));
    await writeFile(path.join(dir, "api.d.ts"), typings);
    expect(await tscStrict([path.join(dir, "api.d.ts")])).toBe("");
    const wrong = await call(client, "describe", { functions: ["everything.getSumm"] });
    expect(wrong).toMatchObject({ isError: true });
    expect(wrong.content[0]!.text).toContain("everything.getSum");
  });

  it("execute runs code, returns the value and logs, and reports type errors before any call", async () => {
    const ok = await call(client, "execute", { code: `const s = await everything.getSum({ a: 20, b: 22 });\nconsole.log("sum", s.text);\nreturn s.text;` });
    expect(ok.isError).toBeFalsy();
    expect(ok.content[0]!.text).toContain('"The sum of 20 and 22 is 42."');
    expect(ok.content[0]!.text).toContain("[log] sum The sum of 20 and 22 is 42.");
    expect(ok.structuredContent).toMatchObject({ ok: true, result: "The sum of 20 and 22 is 42.", calls: [expect.objectContaining({ tool: "get-sum", ok: true })] });
    const typed = await call(client, "execute", { code: `const n: number = 1;\nawait everything.getSum({ a: n, b: "2" });` });
    expect(typed.isError).toBe(true);
    expect(typed.content[0]!.text).toMatch(/did not type-check; nothing ran/);
    expect(typed.structuredContent).toMatchObject({ ok: false, calls: [], error: { kind: "type", line: 2 } });
  });
});

describe("codemode serve over Streamable HTTP", () => {
  let close: () => Promise<void>;
  let url: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const demo = await demoRuntime();
    close = demo.close;
    const server = await serveHttp(() => createServeServer(demo.runtime), { host: "127.0.0.1", port: 0, token: "s3cret" });
    url = server.url;
    stop = server.close;
  });
  afterAll(async () => {
    await stop();
    await close();
  });
  const connect = async (token?: string) => {
    const client = new Client({ name: "test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}));
    return client;
  };

  it("binds 127.0.0.1 and refuses a client without the token", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    await expect(connect()).rejects.toThrow();
    await expect(connect("wrong")).rejects.toThrow();
    // A page on another origin reaching 127.0.0.1 through DNS rebinding sends its own Host.
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(url, { method: "POST", headers: { host: "evil.example", authorization: "Bearer s3cret" } }, (response) => resolve(response.statusCode!));
      request.on("error", reject).end("{}");
    });
    expect(status).toBe(403);
  });

  // Outside attack: the Host check held only for the exact names 127.0.0.1, localhost and ::1, so
  // a server bound to 127.0.0.2 answered a DNS-rebinding page.
  it("checks Host on every loopback address it can bind, not only 127.0.0.1", async () => {
    const demo = await demoRuntime();
    const other = await serveHttp(() => createServeServer(demo.runtime), { host: "127.0.0.2", port: 0 });
    try {
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const request = http.request(other.url, { method: "POST", headers: { host, "content-type": "application/json", accept: "application/json, text/event-stream" } }, (response) => (response.resume(), resolve(response.statusCode!)));
          request.on("error", reject).end("{}");
        });
      expect(await status("rebind.attacker.example")).toBe(403);
      expect(await status(new URL(other.url).host)).not.toBe(403);
    } finally {
      await other.close();
      await demo.close();
    }
  });

  it("answers a body past its cap with 413 without reading it (outside attack: 800 MB held 2.4 GB)", async () => {
    const { MAX_BODY_BYTES } = await import("../../src/serve/http.js");
    const post = (headers: Record<string, string>, write: (request: http.ClientRequest) => void) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(url, { method: "POST", headers: { "content-type": "text/plain", authorization: "Bearer s3cret", ...headers } }, (response) => (response.resume(), resolve(response.statusCode!)));
        request.on("error", reject);
        write(request);
      });
    // Announced too large, then sent in chunks with no length (each chunk one more MiB).
    expect(await post({ "content-length": String(MAX_BODY_BYTES + 1) }, (request) => request.end())).toBe(413);
    const chunk = Buffer.alloc(2 ** 20);
    const status = await post({ "transfer-encoding": "chunked" }, (request) => {
      const push = (left: number) => {
        if (left === 0 || request.destroyed) return void request.end();
        request.write(chunk, () => push(left - 1));
      };
      push(MAX_BODY_BYTES / 2 ** 20 + 4);
    }).catch(() => 413);
    expect(status).toBe(413);
    // The server still answers.
    const client = await connect("s3cret");
    await client.close();
  });

  it("serves two sessions at once, each with runs of its own", async () => {
    const [a, b] = await Promise.all([connect("s3cret"), connect("s3cret")]);
    try {
      const slow = (id: number) => `return (await demo.slow({ id: ${id} })).text;`;
      const [first, second] = await Promise.all([call(a, "execute", { code: slow(1) }), call(b, "execute", { code: slow(2) })]);
      expect(first.structuredContent).toMatchObject({ ok: true, result: "done 1" });
      expect(second.structuredContent).toMatchObject({ ok: true, result: "done 2" });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("a 1,000-tool API", () => {
  it("keeps every tool description of serve under 1,000 tokens, and search and describe still find each function", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-big-"));
    await writeFile(path.join(dir, "big.json"), JSON.stringify({ tools: syntheticTools(1000) }));
    const config = configFromObject({ outDir: "out", servers: { big: { snapshot: "big.json" } } }, dir);
    await generate(config);
    const runtime = await createRuntime({ config, defaults: { typecheck: false }, warmSandboxes: 0 });
    try {
      const server = await createServeServer(runtime);
      const client = new Client({ name: "test", version: "1" });
      const [clientSide, serverSide] = (await import("@modelcontextprotocol/client")).InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      await client.connect(clientSide);
      const { tools } = await client.listTools();
      for (const tool of tools) expect(countTokens(tool.description ?? ""), tool.name).toBeLessThan(1000);
      expect(tools.find((tool) => tool.name === "execute")!.description).toContain("Namespaces: big");
      const hits = (await call(client, "search", { query: "records 500" })).structuredContent!.results as unknown[];
      expect(hits.length).toBeGreaterThan(0);
      await client.close();
    } finally {
      await runtime.close();
    }
  });
});
