import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { redactSecrets, REDACTED, serverSecrets } from "../../src/config/secrets.js";
import { generate } from "../../src/generate.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";

const TOKEN = "sk-live-SECRET-1234";
const PATH_KEY = "zap-PATHKEY-5678";

describe("which values of a config are secrets", () => {
  const config = configFromObject(
    {
      outDir: "out",
      servers: {
        local: { command: "node", args: ["server.js", "--api-key=${TOKEN}", "--verbose"], env: { LITERAL_KEY: "hard-coded-key", SHORT: "1", LONGER: "hard-coded-key-2" } },
        remote: { url: "https://mcp.example.com/v1/${env:PATH_KEY}/mcp", headers: { Authorization: "Bearer ${TOKEN}" } },
        offline: { snapshot: "offline.json" },
      },
    },
    os.tmpdir(),
  );
  const secrets = serverSecrets(config.servers, { TOKEN, PATH_KEY, UNUSED: "not-in-the-config" });

  it("every `${VAR}` the config uses, and every literal env and header value", () => {
    expect(secrets).toEqual(expect.arrayContaining([TOKEN, PATH_KEY, "hard-coded-key", "hard-coded-key-2"]));
    expect(secrets).not.toContain("1");
    expect(secrets.join("\n")).not.toContain("not-in-the-config");
  });

  it("are cut out of a message, the longest first, and nothing else is", () => {
    const message = `server "local" (node server.js --api-key=${TOKEN} --verbose) exited (hard-coded-key-2); stderr: Authorization: Bearer ${TOKEN}; GET https://mcp.example.com/v1/${PATH_KEY}/mcp`;
    expect(redactSecrets(message, secrets)).toBe(`server "local" (node server.js --api-key=${REDACTED} --verbose) exited (${REDACTED}); stderr: Authorization: Bearer ${REDACTED}; GET https://mcp.example.com/v1/${REDACTED}/mcp`);
  });
});

describe("the forms a secret takes in a message (third outside attack)", () => {
  const servers = (entries: Record<string, unknown>) => configFromObject({ outDir: "out", servers: entries as never }, os.tmpdir()).servers;

  it("a multi-line key, line by line as an indented stderr shows it", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const secrets = serverSecrets(servers({ s: { command: "node", env: { KEY: "${KEY}" } } }), { KEY: key });
    const shown = `its stderr ended with:\n${key.split("\n").map((line) => `    ${line}`).join("\n")}`;
    expect(redactSecrets(shown, secrets)).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
  });

  it("a `${VAR:-default}`'s default, in arguments and env, whether or not the variable is set (outside attack: the default leaked in the command line)", () => {
    const entries = { s: { command: "node", args: ["server.js", "--api-key=${KEY:-sk-default-secret-123}"], env: { TOKEN: "${OTHER:-sk-env-default-456}" } } };
    for (const env of [{}, { KEY: "from-the-environment", OTHER: "also-from-the-environment" }]) {
      const secrets = serverSecrets(servers(entries), env);
      const message = `server "s" (node server.js --api-key=sk-default-secret-123) exited; its stderr ended with:\n    token sk-env-default-456`;
      expect(redactSecrets(message, secrets)).toBe(`server "s" (node server.js --api-key=[secret]) exited; its stderr ended with:\n    token [secret]`);
    }
  });

  it("JSON-escaped, as an error quotes what a server wrote on stdout", () => {
    const key = 'pa"ss\\word_1 2+3/45';
    const secrets = serverSecrets(servers({ s: { command: "node", env: { KEY: "${KEY}" } } }), { KEY: key });
    expect(redactSecrets(`lines that are not JSON-RPC: ${JSON.stringify(`key ${key}`)}`, secrets)).not.toContain(JSON.stringify(key).slice(1, -1));
  });

  // Left open at the last stop (low): only the literal forms were cut.
  it("base64-encoded wherever it sits (a Basic header a server logs), standard and URL-safe, and upper-cased", () => {
    const key = "sk-live-Hq7+z/Ap0Secret";
    const secrets = serverSecrets(servers({ s: { command: "node", env: { KEY: "${KEY}" } } }), { KEY: key });
    for (const user of ["", "a", "ab", "admin", "service-account"]) {
      const basic = Buffer.from(`${user}:${key}`).toString("base64");
      for (const shown of [basic, basic.replace(/\+/g, "-").replace(/\//g, "_")]) {
        const text = redactSecrets(`server "s" exited; its stderr ended with:\n    Authorization: Basic ${shown}`, secrets);
        expect(text, `after ${JSON.stringify(user)}`).toContain(REDACTED);
        // What is left decodes to no more than a few bytes of the key at either end.
        const left = text.slice(text.indexOf("Basic ") + 6).split(REDACTED);
        for (const part of left) expect(Buffer.from(part, "base64").toString("latin1")).not.toMatch(/Ap0Secret|Hq7\+z/);
      }
    }
    expect(redactSecrets(`token ${key.toUpperCase()}`, secrets)).toBe(`token ${REDACTED}`);
    // Ordinary base64 in a message is left as it is.
    expect(redactSecrets(`payload ${Buffer.from("hello, world of messages").toString("base64")}`, secrets)).not.toContain(REDACTED);
  });

  // Outside attack: undici's error quotes the whole URL, user-info included.
  it("a URL's user and password, and a client secret written into the config", () => {
    const secrets = serverSecrets(servers({ r: { url: "http://alice-admin:Hunter2SuperSecret@127.0.0.1:9/mcp", oauth: { clientId: "codemode", clientSecret: "literal-client-secret-77" } } }), {});
    const message = "Request cannot be constructed from a URL that includes credentials: http://alice-admin:Hunter2SuperSecret@127.0.0.1:9/mcp; client literal-client-secret-77";
    expect(redactSecrets(message, secrets)).toBe(`Request cannot be constructed from a URL that includes credentials: http://${REDACTED}:${REDACTED}@127.0.0.1:9/mcp; client ${REDACTED}`);
  });

  it("in a URL as `new URL` normalises it, and a key written into the path", () => {
    const env = { TENANT: "AcmeSecretTenant42", PATH_KEY: "tok en<9>^abcdef" };
    const secrets = serverSecrets(servers({ r: { url: "http://${TENANT}.localhost:1/mcp/${PATH_KEY}" }, z: { url: "http://127.0.0.1:1/api/v1/mcp/sk-ak-LiteralZapierStyleKey123/sse" } }), env);
    const url = new URL(`http://${env.TENANT}.localhost:1/mcp/${env.PATH_KEY}`);
    const text = redactSecrets(`fetch failed: ${url.origin}${url.pathname}; and http://127.0.0.1:1/api/v1/mcp/sk-ak-LiteralZapierStyleKey123/sse`, secrets);
    expect(text).not.toMatch(/acmesecrettenant42|tok%20en|LiteralZapierStyleKey123/i);
  });
});

describe("a server's stderr, as errors show it", () => {
  it("only whole lines: a tail cut inside a line drops that line (outside attack: the cut placed inside a key)", async () => {
    const { StderrTail } = await import("../../src/introspect/stderr-tail.js");
    const { PassThrough } = await import("node:stream");
    for (const pad of [1932, 1936, 1940, 1990]) {
      const stream = new PassThrough();
      const tail = new StderrTail();
      tail.attach(stream);
      stream.write(`${"A".repeat(pad)}\n`);
      stream.write(`dying (key ${TOKEN})\n`);
      const lines = tail.lines();
      // Either the line whole, or not at all: never a part of the key.
      for (let cut = 1; cut < TOKEN.length - 3; cut++) if (!lines.includes(TOKEN)) expect(lines).not.toContain(TOKEN.slice(cut));
      expect(lines).toContain(`dying (key ${TOKEN})`);
    }
    const long = new PassThrough();
    const tail = new StderrTail();
    tail.attach(long);
    long.write(`${"B".repeat(5000)} key ${TOKEN}\n`);
    expect(tail.lines()).toBe("    (a line of over 2000 characters, not shown)");
  });
});

/** The README: the host owns the servers' secrets. A run can make a server fail and read the error. */
describe("a server's secrets never reach agent code through its failures", () => {
  let dir: string;
  let runtime: Runtime;
  let runtimeConfig: ReturnType<typeof configFromObject>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "codemode-secrets-"));
    const server = {
      command: process.execPath,
      args: [path.resolve("test/fixtures/faulty/flaky.mjs"), "--api-key=${FLAKY_TOKEN}"],
      // The server repeats this on its stderr, as one that logs its settings would.
      env: { FLAKY_DOWN: path.join(dir, "down"), FLAKY_ECHO: "key=${FLAKY_TOKEN}" },
    };
    const config = configFromObject({ outDir: "out", servers: { flaky: server } }, dir);
    runtimeConfig = config;
    const env = { ...process.env, FLAKY_TOKEN: TOKEN };
    await generate(config, { env });
    runtime = await createRuntime({ config, env, defaults: { typecheck: false } });
  });
  afterAll(async () => {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("when it dies under a call: its command line and stderr are named, the key is not", async () => {
    const run = await runtime.run("await flaky.die();");
    expect(run.error).toMatchObject({ kind: "server" });
    expect(run.error!.message).toContain("flaky.mjs --api-key=[secret]");
    expect(run.error!.message).toContain("dying on request (settings: key=[secret])");
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  });

  it("after the host scrubbed the variable from its environment, the key it started the server with is still cut", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FLAKY_TOKEN: TOKEN };
    const scrubbed = await createRuntime({ config: runtimeConfig, env, defaults: { typecheck: false } });
    try {
      await scrubbed.run("await flaky.ping();");
      delete env.FLAKY_TOKEN;
      const run = await scrubbed.run("await flaky.die();");
      expect(run.error!.message).toContain("dying on request");
      expect(JSON.stringify(run)).not.toContain(TOKEN);
    } finally {
      await scrubbed.close();
    }
  });

  it("when it cannot be started again, and agent code catches the error to return it", async () => {
    await runtime.run("await flaky.die();");
    await writeFile(path.join(dir, "down"), "");
    const run = await runtime.run("try { await flaky.ping(); return 'answered'; } catch (error) { return String(error.message); }");
    expect(run.ok).toBe(true);
    expect(run.result).toContain("the database is down");
    expect(run.result).toContain("[secret]");
    expect(JSON.stringify(run)).not.toContain(TOKEN);
    await rm(path.join(dir, "down"));
  });
});
