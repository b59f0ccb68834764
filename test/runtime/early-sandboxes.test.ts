import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import { generate } from "../../src/generate.js";
import { sandboxEntry } from "../../src/runtime/isolation.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { workerdAvailable, workerdMissing } from "../helpers/executors.js";
import { childrenOf, cmdline } from "../helpers/processes.js";

/** This process's children that are sandboxes (directly, or the `unshare` wrapping one), alive: not the isolation probe, which starts `true`. */
function sandboxChildren(): number[] {
  return childrenOf(process.pid).filter((pid) => {
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8")) && cmdline(pid).split("\0").includes(sandboxEntry());
    } catch {
      return false;
    }
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function project(): Promise<ResolvedConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-early-"));
  await writeFile(path.join(dir, "thinking.json"), readFileSync("test/fixtures/servers/sequential-thinking.json"));
  const config = configFromObject({ outDir: "out", servers: { thinking: { snapshot: "thinking.json" } } }, dir);
  await generate(config);
  return config;
}

describe.skipIf(process.platform !== "linux")("the first sandbox starts while the config is read", () => {
  it("is running before the config is known, and serves the first run once it is", async () => {
    const config = await project();
    const before = new Set(sandboxChildren());
    let give: (config: ResolvedConfig) => void = () => {};
    const starting = createRuntime({ config: new Promise<ResolvedConfig>((resolve) => (give = resolve)), defaults: { typecheck: false } });
    await until(() => sandboxChildren().some((pid) => !before.has(pid)), "a sandbox before the config");
    give(config);
    const runtime = await starting;
    try {
      expect(await runtime.run("return typeof thinking.sequentialthinking")).toMatchObject({ ok: true, result: "function" });
    } finally {
      await runtime.close();
    }
  });

  it("is stopped when the runtime cannot start", async () => {
    const before = new Set(sandboxChildren());
    let fail: (error: Error) => void = () => {};
    const starting = createRuntime({ config: new Promise<ResolvedConfig>((_, reject) => (fail = reject)), defaults: { typecheck: false } });
    await until(() => sandboxChildren().some((pid) => !before.has(pid)), "a sandbox before the config");
    fail(new Error("no config here"));
    await expect(starting).rejects.toThrow("no config here");
    await until(() => sandboxChildren().every((pid) => before.has(pid)), "the early sandbox to be stopped");
  });

  it("leaves no process when the config fails before the isolation probe has answered, with several warm", async () => {
    const before = new Set(sandboxChildren());
    await expect(createRuntime({ config: Promise.reject(new Error("no config at all")), warmSandboxes: 3, defaults: { typecheck: false } })).rejects.toThrow("no config at all");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await until(() => sandboxChildren().every((pid) => before.has(pid)), "every early sandbox to be stopped");
  });

  it.skipIf(!workerdAvailable)(`is stopped when the config chooses workerd ${workerdMissing}`, async () => {
    const config = await project();
    const before = new Set(sandboxChildren());
    let give: (config: ResolvedConfig) => void = () => {};
    const starting = createRuntime({ config: new Promise<ResolvedConfig>((resolve) => (give = resolve)), defaults: { typecheck: false } });
    await until(() => sandboxChildren().some((pid) => !before.has(pid)), "a sandbox before the config");
    give({ ...config, executor: "workerd" });
    const runtime = await starting;
    try {
      expect(runtime.executor).toBe("workerd");
      await until(() => sandboxChildren().every((pid) => before.has(pid)), "the early sandbox to be stopped");
      expect(await runtime.run("return 1")).toMatchObject({ ok: true, result: 1 });
    } finally {
      await runtime.close();
    }
  });
});
