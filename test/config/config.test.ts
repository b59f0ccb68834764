import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { interpolate } from "../../src/config/interpolate.js";
import { configFromObject, loadConfig } from "../../src/config/load.js";
import type { CodemodeConfig } from "../../src/config/types.js";
import { CodemodeError } from "../../src/errors.js";
import { tempProject } from "../helpers/project.js";

const servers = { thinking: { snapshot: "snapshots/thinking.json" } };

describe("loading the config", () => {
  it.each([
    ["codemode.config.ts", `import type {} from "node:fs";\nconst outDir: string = "ts-out";\nexport default { outDir, servers: ${JSON.stringify(servers)} };\n`, "ts-out"],
    ["codemode.config.mjs", `export default { outDir: "mjs-out", servers: ${JSON.stringify(servers)} };\n`, "mjs-out"],
    ["codemode.config.json", JSON.stringify({ outDir: "json-out", servers }), "json-out"],
    ["package.json", JSON.stringify({ name: "x", codemode: { outDir: "pkg-out", servers } }), "pkg-out"],
  ])("reads %s", async (file, text, outDir) => {
    const dir = await tempProject();
    await writeFile(path.join(dir, file), text);
    const config = await loadConfig({ cwd: dir });
    expect(config.file).toBe(path.join(dir, file));
    expect(config.outDir).toBe(path.join(dir, outDir));
    expect(config.servers).toEqual([{ name: "thinking", kind: "snapshot", snapshot: path.join(dir, "snapshots/thinking.json") }]);
  });

  it("is found from a folder inside the project, up to the project's package.json and no further", async () => {
    const project = path.join(await tempProject(), "project");
    const deep = path.join(project, "agents", "nightly");
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(project, "package.json"), "{}");
    await writeFile(path.join(project, "codemode.config.json"), JSON.stringify({ outDir: "out", servers }));
    const config = await loadConfig({ cwd: deep });
    expect(config.file).toBe(path.join(project, "codemode.config.json"));
    expect(config.outDir).toBe(path.join(project, "out"));
    // A package of its own in between is a project of its own: the search stops there.
    await writeFile(path.join(project, "agents", "package.json"), "{}");
    await expect(loadConfig({ cwd: deep })).rejects.toMatchObject({ code: "CONFIG_NOT_FOUND", message: expect.stringContaining("up to the project's package.json") });
  });

  it("never climbs into a folder others may write, nor above a working folder with no project around it", async () => {
    const dir = await tempProject();
    const shared = path.join(dir, "shared");
    const work = path.join(shared, "project", "agents");
    await mkdir(work, { recursive: true });
    await writeFile(path.join(shared, "codemode.config.json"), JSON.stringify({ outDir: "out", servers }));
    // No package.json anywhere above: only the working folder is searched, as before.
    await expect(loadConfig({ cwd: work })).rejects.toMatchObject({ code: "CONFIG_NOT_FOUND" });
    await writeFile(path.join(dir, "package.json"), "{}");
    expect((await loadConfig({ cwd: work })).file).toBe(path.join(shared, "codemode.config.json"));
    // The same folder, writable by others (as /tmp is): a config there may be anyone's.
    await chmod(shared, 0o777);
    await expect(loadConfig({ cwd: work })).rejects.toMatchObject({ code: "CONFIG_NOT_FOUND" });
  });

  it("resolves defaults and sorts servers", async () => {
    const dir = await tempProject();
    await writeFile(path.join(dir, "c.json"), JSON.stringify({ servers: { zeta: { command: "z" }, alpha: { url: "https://a/mcp" } } }));
    const config = await loadConfig({ cwd: dir, file: "c.json" });
    expect(config).toMatchObject({ outDir: path.join(dir, "generated"), scope: "@codemode", timeoutMs: 30000 });
    expect(config.servers.map((s) => s.name)).toEqual(["alpha", "zeta"]);
    expect(config.servers[1]).toMatchObject({ kind: "stdio", cwd: dir, timeoutMs: 30000 });
  });

  it("checks a remote server's oauth settings, every problem at once", () => {
    const bad = { servers: { vault: { url: "https://v/mcp", oauth: { clientID: "x", scope: 3, callbackPort: 70000 } }, keep: { url: "https://k/mcp", oauth: "yes" } } };
    let error: unknown;
    try {
      configFromObject(bad as unknown as CodemodeConfig, "/p");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CodemodeError);
    expect((error as CodemodeError).problems).toEqual([
      'config: servers.keep.oauth: must be an object such as { clientId: "…" }',
      'config: servers.vault.oauth.clientID: unknown key (did you mean "clientId"?)',
      "config: servers.vault.oauth.scope: must be a string",
      "config: servers.vault.oauth.callbackPort: must be a port number (1-65535)",
    ]);
    const good = configFromObject({ servers: { vault: { url: "https://v/mcp", oauth: { clientId: "${ID}", callbackPort: 8765 } } } }, "/p");
    expect(good.servers[0]).toMatchObject({ kind: "remote", oauth: { clientId: "${ID}", callbackPort: 8765 } });
  });

  it("names a config file that does not exist", async () => {
    const dir = await tempProject();
    await expect(loadConfig({ cwd: dir, file: "missing.ts" })).rejects.toMatchObject({ code: "CONFIG_NOT_FOUND" });
  });

  it("reports a syntax error in a TypeScript config with the file", async () => {
    const dir = await tempProject();
    await writeFile(path.join(dir, "codemode.config.ts"), "export default {{;\n");
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodemodeError);
    expect((error as CodemodeError).message).toContain("codemode.config");
  });
});

describe("interpolation", () => {
  const env = { TOKEN: "abc", EMPTY: "" };
  it.each([
    ["Bearer ${TOKEN}", "Bearer abc"],
    ["${env:TOKEN}", "abc"],
    ["${MISSING:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${TOKEN}-${TOKEN}", "abc-abc"],
    ["no variables", "no variables"],
  ])("%s → %s", (given, want) => expect(interpolate(given, env, "k")).toBe(want));

  it("names the key of an unset variable without default", () => {
    expect(() => interpolate("Bearer ${GITHUB_TOKEN}", env, "servers.github.headers.Authorization")).toThrow(
      "servers.github.headers.Authorization uses ${GITHUB_TOKEN}, which is not set",
    );
  });
});
