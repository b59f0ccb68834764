import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STANDARD_GLOBALS } from "../../src/runtime/sandbox/harden.js";
import { HostChannel } from "../../src/runtime/workerd/host-channel.js";
import { locateWorkerd } from "../../src/runtime/workerd/locate.js";
import { runnerModuleSource } from "../../src/runtime/workerd/runner.js";
import { WorkerdExecutor } from "../../src/runtime/workerd/workerd-executor.js";
import { WorkerdProcess } from "../../src/runtime/workerd/workerd-process.js";
import { workerdAvailable, workerdMissing } from "../helpers/executors.js";
import { demoRuntime } from "../helpers/runtime.js";
import { attack, hostileRuntime } from "./helpers.js";
import { childrenOf } from "../helpers/processes.js";

/**
 * What is particular to the workerd executor: its realm (no web or Node APIs, no network), its
 * private channel (nothing without the secret and a live run's name), its folder, and its
 * supervision (a workerd killed under a run fails that run as a crash; the next one runs).
 * The guarantees shared with the Node executor are proved by the parameterised suites.
 */
const OWN_GLOBALS = ["__codemodeHost", "console", "ToolError", "demo", "constructor"];

/** An HTTP request over a Unix socket; resolves with the status and body. */
function post(socketPath: string, urlPath: string, headers: Record<string, string>, body = ""): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: urlPath, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const descendants = (pid: number): number[] => childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
const alive = (pid: number) => existsSync(`/proc/${pid}/status`) && !readFileSync(`/proc/${pid}/status`, "utf8").includes("State:\tZ");

/** This process's workerd descendants (each under its watching shell). */
function workerdPids(): number[] {
  return descendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  });
}

describe.skipIf(!workerdAvailable)(`the workerd executor${workerdAvailable ? "" : ` (skipped: ${workerdMissing})`}`, () => {
  describe("the realm a run meets", () => {
    const hostile = hostileRuntime({}, "workerd");

    it("holds only ECMAScript's globals and codemode's own, on the global and its prototypes", async () => {
      // Symbol keys are listed with what they hold: workerd brands its classes with a symbol it
      // will not let go (non-configurable), whose value is only that symbol again.
      const run = await attack(hostile.runtime, `const keys = new Set<string>(); for (let o: any = globalThis; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) for (const k of Reflect.ownKeys(o)) keys.add(typeof k === "symbol" ? String(k) + " = " + String(o[k]) : k); return [...keys];`);
      const allowed = new Set([...[...STANDARD_GLOBALS].map(String), ...OWN_GLOBALS, "Symbol(cloudflare:internal-class) = Symbol(cloudflare:internal-class)"]);
      expect((run.result as string[]).filter((key) => !allowed.has(key))).toEqual([]);
      expect(run.result).toEqual(expect.arrayContaining(["demo", "console", "__codemodeHost", "ToolError"]));
    });

    it("has no network: fetch, connect, sockets, caches and the like are not there", async () => {
      const names = ["fetch", "connect", "WebSocket", "caches", "navigator", "scheduler", "crypto", "Request", "Response", "HTMLRewriter", "EventSource", "setTimeout", "queueMicrotask"];
      const run = await attack(hostile.runtime, `return ${JSON.stringify(names)}.map((n) => typeof (globalThis as any)[n]);`);
      expect(run.result).toEqual(names.map(() => "undefined"));
    });

    it("has no Node APIs", async () => {
      const run = await attack(hostile.runtime, `return ["process", "Buffer", "require", "module", "global", "self", "__dirname", "Deno", "Bun"].map((n) => typeof (globalThis as any)[n]);`);
      expect(run.result).toEqual(Array(9).fill("undefined"));
    });

    it("concurrent runs each get only their own answers", async () => {
      const code = (tag: string) => `let out = ""; for (let i = 0; i < 5; i++) out += (await demo.echo({ text: "${tag}" })).text; return out;`;
      const runs = await Promise.all(["a", "b", "c"].map((tag) => hostile.runtime.run(code(tag), { timeoutMs: 20_000 })));
      expect(runs.map((run) => run.result)).toEqual(["aaaaa", "bbbbb", "ccccc"]);
    });
  });

  describe("the private channel", () => {
    it("answers nothing without the secret, nothing for a run that is not live, and nothing over the cap", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-channel-"));
      const secret = "s".repeat(64);
      const socket = path.join(dir, "host.sock");
      const channel = new HostChannel(socket, secret, 1000);
      expect(await channel.listening).toBe(true);
      const received: string[] = [];
      const close = channel.open("run-1", { call: (request, reply) => (received.push(request), reply('{"ok":true}')), log: (batch) => received.push(batch) });
      try {
        const call = (headers: Record<string, string>, body = "{}") => post(socket, "/call", headers, body);
        expect((await call({ "x-codemode-run": "run-1" })).status).toBe(403);
        expect((await call({ "x-codemode-secret": "t".repeat(64), "x-codemode-run": "run-1" })).status).toBe(403);
        expect((await call({ "x-codemode-secret": secret.slice(1), "x-codemode-run": "run-1" })).status).toBe(403);
        expect((await call({ "x-codemode-secret": secret, "x-codemode-run": "run-2" })).status).toBe(410);
        expect((await call({ "x-codemode-secret": secret, "x-codemode-run": "run-1" }, "x".repeat(2000))).status).toBe(413);
        expect(received).toEqual([]);
        expect(await call({ "x-codemode-secret": secret, "x-codemode-run": "run-1" }, '{"kind":"tool"}')).toEqual({ status: 200, body: '{"ok":true}' });
        expect(received).toEqual(['{"kind":"tool"}']);
        close();
        expect((await call({ "x-codemode-secret": secret, "x-codemode-run": "run-1" })).status).toBe(410);
      } finally {
        channel.close();
      }
    });

    it("workerd's own socket takes no run without the secret; its folder is the host user's alone and goes with it", async () => {
      const executor = new WorkerdExecutor([], 64, 1, 2 ** 20);
      const folder = executor.folder;
      try {
        const slot = await executor.take(64);
        expect(await slot.run("(async () => 7)", { maxToolCalls: 1, maxArgumentBytes: 100, maxLogBytes: 100, maxResultBytes: 100 }, 20_000, { onCall() {}, onLog() {} })).toEqual({ ok: true, result: "7" });
        expect(statSync(folder).mode & 0o777).toBe(0o700);
        for (const file of readdirSync(folder).filter((name) => !name.endsWith(".sock"))) expect(statSync(path.join(folder, file)).mode & 0o077).toBe(0);
        const sockets = readdirSync(folder).filter((name) => name.startsWith("run-"));
        expect(sockets.length).toBeGreaterThan(0);
        const job = JSON.stringify({ run: "x", js: "(async () => 1)", shims: [], limits: { maxToolCalls: 1, maxArgumentBytes: 1, maxLogBytes: 1, maxResultBytes: 1 } });
        for (const socket of sockets) {
          expect((await post(path.join(folder, socket), "/run", {}, job)).status).toBe(403);
          expect((await post(path.join(folder, socket), "/run", { "x-codemode-secret": "0".repeat(64) }, job)).status).toBe(403);
        }
      } finally {
        executor.close();
      }
      expect(existsSync(folder)).toBe(false);
    });
  });

  describe("supervision", () => {
    it("a workerd killed mid-run fails that run as a crash, and the next run succeeds", async () => {
      let calls = 0;
      const { runtime, close } = await demoRuntime({ typecheck: false }, { onCall: () => calls++ }, { executor: "workerd" });
      try {
        const running = runtime.run(`for (;;) await demo.slow({ id: 1 });`, { timeoutMs: 60_000 });
        await expect.poll(() => calls, { timeout: 30_000 }).toBeGreaterThan(0);
        const pids = workerdPids();
        expect(pids.length).toBeGreaterThan(0);
        for (const pid of pids) process.kill(pid, "SIGKILL");
        const run = await running;
        expect(run.error).toMatchObject({ kind: "crash", message: expect.stringContaining("workerd") });
        expect(await runtime.run("return 40 + 2")).toMatchObject({ ok: true, result: 42 });
      } finally {
        await close();
      }
    });

    it("a workerd that died while idle is replaced before the next run", async () => {
      const { runtime, close } = await demoRuntime({ typecheck: false }, {}, { executor: "workerd" });
      try {
        expect(await runtime.run("return 1")).toMatchObject({ ok: true, result: 1 });
        await expect.poll(() => workerdPids().length, { timeout: 30_000 }).toBeGreaterThan(0);
        for (const pid of workerdPids()) process.kill(pid, "SIGKILL");
        expect(await runtime.run("return 2")).toMatchObject({ ok: true, result: 2 });
      } finally {
        await close();
      }
    });

    it("closing the runtime stops its workerd processes", async () => {
      const { runtime, close } = await demoRuntime({ typecheck: false }, {}, { executor: "workerd" });
      expect(await runtime.run("return 1")).toMatchObject({ ok: true });
      await expect.poll(() => workerdPids().length, { timeout: 30_000 }).toBeGreaterThan(0);
      await close();
      await expect.poll(() => workerdPids().filter(alive).length, { timeout: 15_000 }).toBe(0);
    });

    it("a workerd process stopped while it starts leaves no workerd behind", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-early-kill-"));
      const secret = "s".repeat(64);
      const channel = new HostChannel(path.join(dir, "host.sock"), secret, 1000);
      expect(await channel.listening).toBe(true);
      await writeFile(path.join(dir, "runner.js"), runnerModuleSource());
      const binary = locateWorkerd();
      if (!binary.found) throw new Error(binary.why);
      const shared = { binary: binary.path, dir, secret, host: channel.address(), channelUp: channel.listening };
      try {
        // Stopped at every moment of its start, the shell's included: before workerd, between
        // workerd and its watcher, after both.
        for (let i = 0; i < 40; i++) {
          const started = new WorkerdProcess(shared, 64);
          await new Promise((resolve) => setTimeout(resolve, i % 8));
          started.kill();
        }
        const ours = () =>
          readdirSync("/proc")
            .filter((name) => /^\d+$/.test(name))
            .filter((pid) => {
              try {
                return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir) && alive(Number(pid));
              } catch {
                return false;
              }
            });
        await expect.poll(ours, { timeout: 15_000 }).toEqual([]);
      } finally {
        channel.close();
      }
    });

    it("a host that dies takes its workerd processes with it, even one looping forever", async () => {
      const host = spawn(process.execPath, ["--import", "tsx", "test/security/fixtures/orphan-workerd-host.mts"], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      host.stdout!.on("data", (d) => (out += d));
      await expect.poll(() => out.includes("]"), { timeout: 60_000 }).toBe(true);
      const pids = JSON.parse(out) as number[];
      const workerd = pids.filter((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd");
      expect(workerd.length).toBeGreaterThan(0);
      host.kill("SIGKILL");
      await expect.poll(() => pids.filter(alive), { timeout: 15_000 }).toEqual([]);
    });
  });
});
