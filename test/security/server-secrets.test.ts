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
    expect(new Set(secrets)).toEqual(new Set([TOKEN, PATH_KEY, "hard-coded-key", "hard-coded-key-2"]));
  });

  it("are cut out of a message, the longest first, and nothing else is", () => {
    const message = `server "local" (node server.js --api-key=${TOKEN} --verbose) exited (hard-coded-key-2); stderr: Authorization: Bearer ${TOKEN}; GET https://mcp.example.com/v1/${PATH_KEY}/mcp`;
    expect(redactSecrets(message, secrets)).toBe(`server "local" (node server.js --api-key=${REDACTED} --verbose) exited (${REDACTED}); stderr: Authorization: Bearer ${REDACTED}; GET https://mcp.example.com/v1/${REDACTED}/mcp`);
  });
});

/** The README: the host owns the servers' secrets. A run can make a server fail and read the error. */
describe("a server's secrets never reach agent code through its failures", () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "codemode-secrets-"));
    const server = {
      command: process.execPath,
      args: [path.resolve("test/fixtures/faulty/flaky.mjs"), "--api-key=${FLAKY_TOKEN}"],
      // The server repeats this on its stderr, as one that logs its settings would.
      env: { FLAKY_DOWN: path.join(dir, "down"), FLAKY_ECHO: "key=${FLAKY_TOKEN}" },
    };
    const config = configFromObject({ outDir: "out", servers: { flaky: server } }, dir);
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
