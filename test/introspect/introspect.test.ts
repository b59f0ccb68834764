import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodemodeError } from "../../src/errors.js";
import { introspectAll, listServer, type ProgressEvent } from "../../src/introspect/introspect.js";
import { faultyServer, liveServers, packageServer } from "../helpers/config.js";
import { createDemoServer } from "../servers/demo.js";
import { startHttpServer, type TestHttpServer } from "../servers/http.js";

/** The error introspecting these servers fails with. */
async function failure(servers: Parameters<typeof liveServers>[0]["servers"], env: NodeJS.ProcessEnv = {}): Promise<CodemodeError> {
  const error = await introspectAll(liveServers({ servers }), { env }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CodemodeError);
  return error as CodemodeError;
}

describe("introspection in memory", () => {
  it("lists tools, resources, templates and prompts, with server info and instructions", async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createDemoServer().connect(serverSide);
    const client = new Client({ name: "test", version: "1" });
    await client.connect(clientSide);
    const { snapshot, warnings } = await listServer(client, "demo");
    await client.close();
    expect(warnings).toEqual([]);
    expect(snapshot.serverInfo).toEqual({ name: "demo", version: "1.2.3" });
    expect(snapshot.instructions).toBe("A demo server for codemode's tests.");
    expect(snapshot.tools.map((tool) => tool.name)).toEqual(["add-notes", "echo", "fail", "get-weather", "slow"]);
    expect(snapshot.tools.find((tool) => tool.name === "get-weather")?.outputSchema).toBeDefined();
    expect(snapshot.resources.map((r) => r.uri)).toEqual(["demo://readme"]);
    expect(snapshot.resourceTemplates.map((t) => t.uriTemplate)).toEqual(["demo://notes/{id}"]);
    expect(snapshot.prompts.map((p) => p.name)).toEqual(["review"]);
    // The dialect is kept: it decides what the schema means.
    expect(snapshot.tools[0]?.inputSchema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema" });
  });
});

describe("introspection of real stdio servers", () => {
  it("introspects the example servers concurrently, reporting progress", async () => {
    const events: ProgressEvent[] = [];
    const listings = await introspectAll(
      liveServers({ servers: { everything: packageServer("server-everything"), memory: packageServer("server-memory") } }),
      { onProgress: (event) => events.push(event) },
    );
    const everything = listings.find((listing) => listing.name === "everything")!.snapshot;
    expect(everything.tools.length).toBeGreaterThan(5);
    expect(everything.prompts.length).toBeGreaterThan(0);
    expect(everything.resources.length).toBeGreaterThan(0);
    expect(listings.find((listing) => listing.name === "memory")!.snapshot.tools.map((t) => t.name)).toContain("create_entities");
    expect(events.filter((e) => e.phase === "done").map((e) => e.server).sort()).toEqual(["everything", "memory"]);
  });

  it("passes env to the child, expanding ${VAR} and ${VAR:-default}", async () => {
    const [listing] = await introspectAll(
      liveServers({ servers: { memory: { ...packageServer("server-memory"), env: { MEMORY_FILE_PATH: "${MEM_DIR:-/tmp}/codemode-test-memory.jsonl" } } } }),
      { env: {} },
    );
    expect(listing!.snapshot.tools.length).toBeGreaterThan(0);
  });

  it("names an unset variable and the key that uses it", async () => {
    const error = await failure({ memory: { ...packageServer("server-memory"), env: { TOKEN: "${NOT_SET_ANYWHERE}" } } });
    expect(error.code).toBe("ENV_MISSING");
    expect(error.message).toBe("servers.memory.env.TOKEN uses ${NOT_SET_ANYWHERE}, which is not set");
  });
});

describe("listing", () => {
  it("follows nextCursor through every page, and keeps a server whose tool schema the SDK would reject", async () => {
    const [listing] = await introspectAll(liveServers({ servers: { paged: faultyServer("paged") } }));
    expect(listing!.snapshot.tools.map((t) => t.name)).toEqual(["alpha", "beta", "delta", "epsilon", "gamma"]);
    expect(listing!.snapshot.prompts.map((p) => p.name)).toEqual(["p1", "p2", "p3"]);
    expect(listing!.warnings).toEqual(['server "paged": tool "beta": inputSchema lacks "type": "object"; typed as an object anyway']);
  });
});

describe("faults of real processes", () => {
  it("a server that exits at start: names it and shows its stderr", async () => {
    const error = await failure({ broken: faultyServer("exits") });
    expect(error.message).toMatch(/^server "broken" \(.*exits\.mjs\): the server exited with code 3 before it answered/);
    expect(error.message).toContain("GITLAB_TOKEN is not set");
  });

  it("a server that never answers: times out on its own timeout", async () => {
    const started = Date.now();
    const error = await failure({ stuck: faultyServer("hangs", 800) });
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toContain('server "stuck"');
    expect(error.message).toContain("no answer within 0.8 s");
    expect(error.message).toContain("listening forever");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a server that prints garbage on stdout: says so", async () => {
    const error = await failure({ noisy: faultyServer("garbage", 1500) });
    expect(error.message).toContain('server "noisy"');
    expect(error.message).toMatch(/not JSON-RPC/);
    expect(error.hint).toMatch(/stdout/);
  });

  it("a server that crashes while listing: names it and shows its stderr", async () => {
    const error = await failure({ crashy: faultyServer("crashes") });
    expect(error.message).toContain('server "crashy"');
    expect(error.message).toContain("Cannot read properties of undefined");
  });

  it("a command that does not exist", async () => {
    const error = await failure({ ghost: { command: "codemode-no-such-command" } });
    expect(error.message).toContain('server "ghost"');
    expect(error.message).toContain("command not found: codemode-no-such-command");
  });

  it("reports every failed server at once", async () => {
    const error = await failure({ a: faultyServer("exits"), b: { command: "codemode-no-such-command" } });
    expect(error.message).toBe("2 servers failed");
    expect(error.problems).toHaveLength(2);
  });
});

describe("remote servers on 127.0.0.1", () => {
  let http: TestHttpServer;
  beforeAll(async () => {
    http = await startHttpServer();
  });
  afterAll(() => http.close());

  it("introspects Streamable HTTP with headers from the environment", async () => {
    const [listing] = await introspectAll(
      liveServers({ servers: { demo: { url: `${http.url}/mcp`, headers: { Authorization: "Bearer ${DEMO_TOKEN}" } } } }),
      { env: { DEMO_TOKEN: "secret" } },
    );
    expect(listing!.snapshot.tools.map((t) => t.name)).toContain("get-weather");
    expect(JSON.stringify(listing)).not.toContain("secret");
  });

  it("falls back to SSE for a server that only speaks that", async () => {
    const [listing] = await introspectAll(liveServers({ servers: { legacy: { url: `${http.url}/sse` } } }));
    expect(listing!.snapshot.tools.map((t) => t.name)).toEqual(["ping"]);
  });

  it("speaks SSE when told to", async () => {
    const [listing] = await introspectAll(liveServers({ servers: { legacy: { url: `${http.url}/sse`, transport: "sse" } } }));
    expect(listing!.snapshot.serverInfo?.name).toBe("legacy-sse");
  });

  it.each([
    ["/mcp", 401, /credentials/],
    ["/status/404", 404, /URL/],
    ["/status/500", 500, /server failed/],
  ])("%s answers %i: one clear error", async (path, status, hint) => {
    const error = await failure({ remote: { url: `${http.url}${path}`, timeoutMs: 5000 } });
    expect(error.message).toBe(`server "remote": HTTP ${status} from ${http.url}${path}`);
    expect(error.hint).toMatch(hint);
  });

  it("a port nobody listens on", async () => {
    const error = await failure({ remote: { url: "http://127.0.0.1:9/mcp", timeoutMs: 5000 } });
    expect(error.message).toContain('server "remote"');
  });
});
