import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signIn } from "../../src/auth/sign-in.js";
import { entryFile, type AuthEntry } from "../../src/auth/store.js";
import { configFromObject } from "../../src/config/load.js";
import type { CodemodeConfig } from "../../src/config/types.js";
import { generate } from "../../src/generate.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { cliWith, tempProject, writeConfig } from "../helpers/project.js";
import { startHttpServer } from "../servers/http.js";
import { startOAuthServer, type TestOAuthServer } from "../servers/oauth.js";

const visit = async (url: URL) => void (await fetch(url));

describe("OAuth sign-in against a local authorization server and a protected MCP server", () => {
  let server: TestOAuthServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let config: ReturnType<typeof configFromObject>;

  beforeAll(async () => {
    server = await startOAuthServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    dir = await tempProject();
    env = { ...process.env, CODEMODE_AUTH_DIR: await mkdtemp(path.join(os.tmpdir(), "codemode-auth-")) };
    config = configFromObject({ outDir: "out", servers: { vault: { url: server.mcpUrl } } }, dir);
  });

  const cached = async () => JSON.parse(await readFile(entryFile(env, server.mcpUrl), "utf8")) as AuthEntry;

  it("signs in once, caches the tokens owner-only outside the project, and generate uses them", async () => {
    const before = { ...server.stats };
    const result = await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    expect(result).toMatchObject({ server: "vault", url: server.mcpUrl, tools: 5 });
    expect(server.stats.registrations - before.registrations).toBe(1);
    expect(server.stats.codeExchanges - before.codeExchanges).toBe(1);

    expect(result.file.startsWith(env.CODEMODE_AUTH_DIR!)).toBe(true);
    expect((await stat(result.file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(result.file))).mode & 0o777).toBe(0o700);
    expect((await cached()).tokens?.refresh_token).toMatch(/^[0-9a-f]{32}$/);

    const generated = await generate(config, { env });
    expect(generated.plan.added).toContain("vault/index.d.ts");
    expect(await readFile(path.join(dir, "out/vault/index.d.ts"), "utf8")).toContain("function getWeather(");
    const text = await readFile(path.join(dir, "out/vault/snapshot.json"), "utf8");
    expect(text).not.toContain((await cached()).tokens!.access_token);
  });

  it("refreshes an expired access token silently, and keeps the registration on a second sign-in", async () => {
    await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    const first = await cached();
    const before = { ...server.stats };
    server.expireAccessTokens();

    await generate(config, { env });
    expect(server.stats.refreshes - before.refreshes).toBe(1);
    expect(server.stats.authorizations - before.authorizations).toBe(0);
    const refreshed = await cached();
    expect(refreshed.tokens!.access_token).not.toBe(first.tokens!.access_token);
    expect((await stat(entryFile(env, server.mcpUrl))).mode & 0o777).toBe(0o600);

    await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    expect(server.stats.registrations - before.registrations).toBe(0);
    expect((await cached()).client?.client_id).toBe(first.client?.client_id);
  });

  it("stops with a clear error when the tokens were revoked, leaving the output untouched", async () => {
    await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    await generate(config, { env });
    const typings = await readFile(path.join(dir, "out/vault/index.d.ts"), "utf8");
    server.revokeAll();

    const failure = generate(config, { env });
    await expect(failure).rejects.toMatchObject({
      code: "AUTH_REQUIRED",
      message: 'server "vault" needs a new sign-in: its cached tokens were refused and could not be refreshed (revoked or expired)',
      hint: "run: codemode auth vault",
    });
    expect(await readFile(path.join(dir, "out/vault/index.d.ts"), "utf8")).toBe(typings);
    // The refused tokens are forgotten, so the next run says so at once.
    expect((await cached()).tokens).toBeUndefined();
    await expect(generate(config, { env })).rejects.toMatchObject({ code: "AUTH_REQUIRED", message: expect.stringContaining("no valid tokens are cached") });
  });

  it("points at codemode auth when a server wants credentials and none are cached", async () => {
    await expect(generate(config, { env })).rejects.toMatchObject({
      code: "CONNECT_FAILED",
      message: expect.stringContaining(`server "vault": HTTP 401 from ${server.mcpUrl}`),
      hint: expect.stringContaining("codemode auth vault"),
    });
  });

  it("reports a refused consent, and a browser that never comes back", async () => {
    server.denyNext();
    await expect(signIn(config, { server: "vault", env, onAuthorizationUrl: visit })).rejects.toMatchObject({
      code: "AUTH_FAILED",
      message: "the authorization server refused the sign-in: access_denied: The user declined.",
    });
    await expect(signIn(config, { server: "vault", env, timeoutMs: 300, onAuthorizationUrl: () => {} })).rejects.toMatchObject({
      code: "TIMEOUT",
      message: "no sign-in came back within 0.3 s",
    });
    // The registration was kept; no tokens were.
    expect(await cached()).toMatchObject({ client: { client_id: expect.any(String) } });
    expect((await cached()).tokens).toBeUndefined();
  });

  it("keeps working tokens when a later sign-in is refused", async () => {
    await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    const { discovery: _, ...entry } = await cached();
    // Without cached discovery the second sign-in saves some state before it is refused.
    await writeFile(entryFile(env, server.mcpUrl), JSON.stringify(entry));
    const tokens = entry.tokens;
    server.denyNext();
    await expect(signIn(config, { server: "vault", env, onAuthorizationUrl: visit })).rejects.toMatchObject({ code: "AUTH_FAILED" });
    expect((await cached()).tokens).toEqual(tokens);
    await expect(generate(config, { env })).resolves.toMatchObject({ plan: { added: expect.arrayContaining(["vault/index.d.ts"]) } });
  });

  it("says why when a server cannot sign in with OAuth, or needs no sign-in", async () => {
    const plain = await startHttpServer();
    try {
      const servers = { plain: { url: `${plain.url}/mcp` }, open: { url: server.openUrl } };
      const other = configFromObject({ servers }, dir);
      await expect(signIn(other, { server: "plain", env, onAuthorizationUrl: visit })).rejects.toMatchObject({
        code: "AUTH_FAILED",
        message: expect.stringMatching(/^server "plain" asked for credentials, but signing in with OAuth failed: Dynamic Client Registration rejected \(HTTP 404\)/),
        hint: "if it takes an API key instead, set servers.plain.headers; if it needs a client registered by hand, set servers.plain.oauth.clientId",
      });
      await expect(signIn(other, { server: "open", env, onAuthorizationUrl: visit })).rejects.toMatchObject({
        code: "USAGE",
        message: 'server "open" let codemode in without signing in: there is nothing to do',
      });
    } finally {
      await plain.close();
    }
  });

  it("ignores a callback whose state does not match", async () => {
    const signedIn = signIn(config, {
      server: "vault",
      env,
      onAuthorizationUrl: async (url, redirectUrl) => {
        const forged = await fetch(`${redirectUrl}?code=stolen&state=forged`);
        expect(forged.status).toBe(400);
        await visit(url);
      },
    });
    await expect(signedIn).resolves.toMatchObject({ tools: 5 });
  });

  it("uses a client registered by hand on a fixed callback port", async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/callback`;
    const registration = await fetch(new URL("/register", server.mcpUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "by hand", redirect_uris: [redirect], token_endpoint_auth_method: "none" }),
    });
    const { client_id } = (await registration.json()) as { client_id: string };
    const manual = configFromObject({ servers: { vault: { url: server.mcpUrl, oauth: { clientId: "${VAULT_CLIENT}", callbackPort: port } } } }, dir);
    const before = { ...server.stats };
    let seen: URL | undefined;
    await signIn(manual, { server: "vault", env: { ...env, VAULT_CLIENT: client_id }, onAuthorizationUrl: (url) => visit((seen = url)) });
    expect(server.stats.registrations - before.registrations).toBe(0);
    expect(seen?.searchParams.get("client_id")).toBe(client_id);
    expect(seen?.searchParams.get("redirect_uri")).toBe(redirect);
  });

  it("keeps a runtime's calls working across expired tokens, also for calls made together", async () => {
    await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    await generate(config, { env });
    const runtime = await createRuntime({ config, env });
    try {
      const code = 'return (await vault.echo({ text: "hi" })).text;';
      expect(await runtime.run(code)).toMatchObject({ ok: true, result: "hi" });
      const before = server.stats.refreshes;
      server.expireAccessTokens();
      expect(await runtime.run(code)).toMatchObject({ ok: true, result: "hi" });
      expect(server.stats.refreshes - before).toBe(1);
      // Five calls hit one expiry together: one refresh, not five spending one rotating refresh token.
      server.expireAccessTokens();
      const beforeTogether = server.stats.refreshes;
      const together = 'return (await Promise.all([1, 2, 3, 4, 5].map((n) => vault.echo({ text: String(n) })))).map((r) => r.text).join("");';
      expect(await runtime.run(together)).toMatchObject({ ok: true, result: "12345" });
      expect(server.stats.refreshes - beforeTogether).toBeGreaterThan(0);
    } finally {
      await runtime.close();
    }
  });

  it("takes the tokens another process refreshed instead of spending a rotated refresh token", async () => {
    await signIn(config, { server: "vault", env, onAuthorizationUrl: visit });
    await generate(config, { env });
    const runtime = await createRuntime({ config, env });
    try {
      const code = 'return (await vault.echo({ text: "hi" })).text;';
      expect(await runtime.run(code)).toMatchObject({ ok: true, result: "hi" });
      server.expireAccessTokens();
      const before = server.stats.refreshes;
      await generate(config, { env }); // another codemode process refreshes, rotating the refresh token
      expect(server.stats.refreshes - before).toBe(1);
      expect(await runtime.run(code)).toMatchObject({ ok: true, result: "hi" });
      expect(server.stats.refreshes - before).toBe(1);
    } finally {
      await runtime.close();
    }
  });
});

describe("codemode auth", () => {
  let server: TestOAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer();
  });
  afterAll(() => server.close());

  it("signs in through $BROWSER, lists the sign-in, and signs out revoking the tokens", async () => {
    const dir = await tempProject();
    const config: CodemodeConfig = { servers: { vault: { url: server.mcpUrl }, keyed: { url: server.mcpUrl, headers: { Authorization: "Bearer ${KEY}" } }, local: { snapshot: "x.json" } } };
    await writeConfig(dir, config);
    const authDir = await mkdtemp(path.join(os.tmpdir(), "codemode-auth-"));
    const env = { ...process.env, CODEMODE_AUTH_DIR: authDir, BROWSER: `${process.execPath} ${path.resolve("test/fixtures/browser/visit.mjs")}` };
    const bin = path.resolve("bin/codemode.js");
    const signedIn = await promisify(execFile)(process.execPath, [bin, "auth", "vault"], { cwd: dir, env });
    expect(signedIn.stderr).toContain(`Sign in to vault in your browser:\n\n  ${new URL("/authorize", server.mcpUrl).href}?`);
    expect(signedIn.stderr).toContain("Signed in to vault: 5 tools listed.");
    expect(signedIn.stderr).toContain(`Tokens are cached in ${authDir}`);

    const status = await cliWith({ interactive: false, env }, dir, "auth");
    expect(status).toMatchObject({ code: 0, stderr: "" });
    expect(status.stdout).toMatch(/^keyed {2}uses the Authorization header from the config\nvault {2}signed in, token valid 60 min more, refreshes itself\n$/);

    const revocations = server.stats.revocations;
    const out = await cliWith({ interactive: false, env }, dir, "auth", "vault", "--logout");
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^Signed out of vault: removed .+ and revoked its tokens\n$/);
    expect(server.stats.revocations - revocations).toBe(2);
    expect((await cliWith({ interactive: false, env }, dir, "auth")).stdout).toContain("vault  not signed in (codemode auth vault)");
  });

  it("prints the link with --no-browser and gives up after --timeout", async () => {
    const dir = await tempProject();
    await writeConfig(dir, { servers: { vault: { url: server.mcpUrl } } });
    // A browser that would sign in at once: --no-browser must leave it alone.
    const env = { CODEMODE_AUTH_DIR: await mkdtemp(path.join(os.tmpdir(), "codemode-auth-")), BROWSER: `${process.execPath} ${path.resolve("test/fixtures/browser/visit.mjs")}` };
    const result = await cliWith({ interactive: true, env }, dir, "auth", "vault", "--no-browser", "--timeout", "200");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Sign in to vault in your browser:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&client_id=[^&]+&code_challenge=[\w-]{43}&code_challenge_method=S256&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback&state=[\w-]+&scope=mcp&resource=[^\s]+\n\nWaiting for the sign-in to come back to http:\/\/127\.0\.0\.1:\d+\/callback … \(Ctrl-C to stop\)\n/);
    expect(result.stderr).toContain("codemode: no sign-in came back within 0.2 s\n  hint: run codemode auth again, or raise --timeout\n");
    expect((await cliWith({ interactive: false }, dir, "auth", "vault", "--timeout", "soon")).stderr).toBe('codemode: --timeout takes a positive whole number, got "soon"\n');
  });

  it("names the servers that can sign in when the name is wrong", async () => {
    const dir = await tempProject();
    await writeConfig(dir, { servers: { vault: { url: server.mcpUrl }, local: { snapshot: "x.json" } } });
    const typo = await cliWith({ interactive: false }, dir, "auth", "vualt");
    expect(typo).toMatchObject({ code: 2 });
    expect(typo.stderr).toBe('codemode: no server named "vualt" (did you mean "vault"?)\n  hint: remote servers: vault\n');
    const local = await cliWith({ interactive: false }, dir, "auth", "local");
    expect(local.stderr).toContain('codemode: server "local" is a snapshot server; only remote (url) servers sign in');
    expect((await cliWith({ interactive: false }, dir, "auth", "--help")).stdout).toContain("Usage: codemode auth [NAME]");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
