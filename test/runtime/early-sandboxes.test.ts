import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import { generate } from "../../src/generate.js";
import { prestartSandboxes } from "../../src/runtime/early-sandboxes.js";
import { isolationLevel, sandboxEntry } from "../../src/runtime/isolation.js";
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

const strongest = await isolationLevel();

describe.skipIf(process.platform !== "linux")("a sandbox started before the runtime is loaded (codemode run's)", () => {
  /** Prestarts a sandbox, and waits until its process is there. */
  async function prestart(env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const before = new Set(sandboxChildren());
    prestartSandboxes(env);
    // Kept from the look that found it: a process reads as no sandbox for the moment it execs.
    let found: number | undefined;
    await until(() => (found = sandboxChildren().find((pid) => !before.has(pid))) !== undefined, "the prestarted sandbox");
    return found!;
  }

  it("serves the first run of a runtime with the default limits: no other sandbox is started", async () => {
    const config = await project();
    const before = new Set(sandboxChildren());
    const ahead = await prestart();
    const runtime = await createRuntime({ config, defaults: { typecheck: false } });
    try {
      expect(sandboxChildren().filter((pid) => !before.has(pid))).toEqual([ahead]);
      expect(await runtime.run("return typeof thinking.sequentialthinking")).toMatchObject({ ok: true, result: "function" });
      // Used once, as every sandbox: killed when its run ended.
      await until(() => !sandboxChildren().includes(ahead), "the used sandbox to be killed");
    } finally {
      await runtime.close();
    }
  });

  it.each([
    ["another heap limit", { defaults: { typecheck: false, memoryMb: 96 } }],
    ["other frame limits", { defaults: { typecheck: false, maxResultBytes: 2 ** 23 } }],
    ["more sandboxes kept warm", { defaults: { typecheck: false }, warmSandboxes: 2 }],
  ])("is stopped for a runtime with %s, which starts its own and runs", async (_, options) => {
    const config = await project();
    const ahead = await prestart();
    const runtime = await createRuntime({ config, ...options });
    try {
      await until(() => !sandboxChildren().includes(ahead), "the prestarted sandbox to be stopped");
      expect(await runtime.run("return 1")).toMatchObject({ ok: true, result: 1 });
    } finally {
      await runtime.close();
    }
  });

  // Where only "process" holds, there is no other level to tell apart.
  it.skipIf(strongest === "process")("is stopped for a runtime that finds another isolation level", async () => {
    const config = await project();
    const ahead = await prestart({ ...process.env, CODEMODE_ISOLATION: "process" });
    const runtime = await createRuntime({ config, defaults: { typecheck: false } });
    try {
      await until(() => !sandboxChildren().includes(ahead), "the prestarted sandbox to be stopped");
      expect(runtime.isolation).not.toBe("process");
      expect(await runtime.run("return 1")).toMatchObject({ ok: true, result: 1 });
    } finally {
      await runtime.close();
    }
  });

  it.skipIf(!workerdAvailable)(`is stopped when the config chooses workerd ${workerdMissing}`, async () => {
    const config = await project();
    const ahead = await prestart();
    const runtime = await createRuntime({ config: { ...config, executor: "workerd" }, defaults: { typecheck: false } });
    try {
      expect(runtime.executor).toBe("workerd");
      await until(() => !sandboxChildren().includes(ahead), "the prestarted sandbox to be stopped");
    } finally {
      await runtime.close();
    }
  });

  // Both below end well within the sandbox's 30 s start limit, which held such a host until it passed.
  const beforeStartLimit = 20_000;

  it("lets its host end when nobody takes it, and dies with it", { timeout: beforeStartLimit }, async () => {
    // The host prints its sandbox's pid, then has nothing left to do.
    const script = `
const { prestartSandboxes } = await import(${JSON.stringify(path.resolve("dist/runtime/early-sandboxes.js"))});
const { readdirSync, readFileSync } = await import("node:fs");
prestartSandboxes();
const children = () => readdirSync("/proc/self/task").flatMap((task) => readFileSync("/proc/self/task/" + task + "/children", "utf8").trim().split(/\\s+/).filter(Boolean));
const started = Date.now();
while (children().length === 0 && Date.now() - started < 20000) await new Promise((resolve) => setTimeout(resolve, 10));
console.log(children().join(" "));`;
    const host = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    host.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
    const code = await new Promise((resolve) => host.once("exit", resolve));
    expect(code).toBe(0);
    const pids = out.trim().split(" ").filter(Boolean).map(Number);
    expect(pids.length).toBeGreaterThan(0);
    await until(() => pids.every((pid) => cmdline(pid) === "" || /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"))), "the sandbox to die with its host");
  });

  it.each([
    { flags: ["--no-typecheck"], ahead: "its sandbox" },
    { flags: [], ahead: "its type checker" },
  ])("lets codemode run end at once when it fails before its runtime starts ($ahead started ahead)", { timeout: beforeStartLimit }, async ({ flags }) => {
    const cli = spawn(process.execPath, [path.resolve("bin/codemode.js"), "run", ...flags, "no-such-agent.ts"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    cli.stderr.setEncoding("utf8").on("data", (text: string) => (err += text));
    const code = await new Promise((resolve) => cli.once("exit", resolve));
    expect(err).toContain("cannot read no-such-agent.ts: no such file");
    expect(code).not.toBe(0);
  });
});
