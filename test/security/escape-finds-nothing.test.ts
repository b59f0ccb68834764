import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolationLevel, launchCommand, sandboxNodeArgs, type IsolationLevel } from "../../src/runtime/isolation.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { FrameReader } from "../../src/runtime/wire.js";
import { demoRuntime } from "../helpers/runtime.js";
import { MARKER, SECRET, sandboxPids } from "./helpers.js";

/**
 * Property 2: an escape from the `vm` layer finds nothing. The escape is simulated: code run in
 * the sandbox process's own realm, after the realm is stripped as codemode strips it, holding
 * Node's modules and the raw `kill` (the worst case), started by codemode's own launcher. It
 * must reach no listener, signal no process, read or write no file, start nothing and see no
 * environment.
 */
const ENTRY = path.resolve("test/security/fixtures/escape-entry.mjs");
let dir: string;
let tcp: net.Server;
let unix: net.Server;
/** A Unix socket in the abstract namespace (no file: only the network namespace walls it off), and a UDP port. */
let abstract: net.Server;
const ABSTRACT_NAME = `\0codemode-escape-${process.pid}`;
let udp: dgram.Socket;
const reached: string[] = [];
let signals = 0;
const onSignal = () => signals++;
let level: IsolationLevel;

beforeAll(async () => {
  level = await isolationLevel();
  dir = await mkdtemp(path.join(os.tmpdir(), "codemode-escape-"));
  await writeFile(path.join(dir, "secret.txt"), SECRET);
  const listen = (server: net.Server, at: number | string) => new Promise<void>((resolve) => server.listen(at as number, "127.0.0.1", resolve));
  tcp = net.createServer((socket) => socket.on("data", (data) => reached.push(`tcp:${data}`)));
  unix = net.createServer((socket) => socket.on("data", (data) => reached.push(`unix:${data}`)));
  await listen(tcp, 0);
  await new Promise<void>((resolve) => unix.listen(path.join(dir, "host.sock"), resolve));
  abstract = net.createServer((socket) => socket.on("data", (data) => reached.push(`abstract:${data}`)));
  await new Promise<void>((resolve) => abstract.listen(ABSTRACT_NAME, resolve));
  udp = dgram.createSocket("udp4").on("message", (data) => reached.push(`udp:${data}`));
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
  process.on("SIGUSR2", onSignal);
});
afterAll(async () => {
  process.off("SIGUSR2", onSignal);
  tcp.close();
  unix.close();
  abstract.close();
  udp.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts the escape entry at a level and returns what it reported. */
async function escape(at: IsolationLevel): Promise<Record<string, { ok: boolean; value: string }>> {
  const params = { mode: "report", hostPid: process.pid, tcpPort: (tcp.address() as net.AddressInfo).port, socketPath: path.join(dir, "host.sock"), abstractName: ABSTRACT_NAME, udpPort: udp.address().port, secretFile: path.join(dir, "secret.txt"), markerFile: MARKER };
  const { command, args } = launchCommand(at, [...sandboxNodeArgs(128, ENTRY), JSON.stringify(params)]);
  const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe", "pipe"], env: {} });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const reader = new FrameReader(2 ** 20);
  const frames: unknown[] = [];
  (child.stdio[3] as Readable).on("data", (chunk: Buffer) => frames.push(...reader.push(chunk)));
  await new Promise((resolve) => child.once("exit", resolve));
  expect(frames, stderr).toHaveLength(1);
  return frames[0] as Record<string, { ok: boolean; value: string }>;
}

describe.runIf(process.platform === "linux")("a simulated escape in the jail", () => {
  it("finds no network, no signal, no file, no process, no environment", async () => {
    if (level !== "jail") return expect.soft(level, "this machine refuses the jail; see codemode doctor").toBe("jail");
    const found = await escape("jail");
    expect(found.tcp).toMatchObject({ ok: false });
    expect(found.unix).toMatchObject({ ok: false });
    expect(found.abstract).toMatchObject({ ok: false });
    expect(found.signal).toMatchObject({ ok: false, value: "ESRCH" });
    expect(found.signalZero).toMatchObject({ ok: false, value: "ESRCH" });
    expect(found.read).toMatchObject({ ok: false });
    expect(found.readPasswd).toMatchObject({ ok: false });
    expect(found.readEnviron).toMatchObject({ ok: false });
    expect(found.write).toMatchObject({ ok: false });
    expect(found.spawn).toMatchObject({ ok: false });
    expect(found.worker).toMatchObject({ ok: false });
    expect(found.codegen).toMatchObject({ ok: false });
    expect(JSON.parse(found.env!.value)).toEqual({});
    expect(found.processKill!.value).toBe("undefined");
    expect(found.getBuiltinModule!.value).toBe("undefined");
    expect(JSON.parse(found.globals!.value)).toEqual(Array(5).fill("undefined"));
    // The host's PID is not even visible: the sandbox is PID 1 of its own namespace.
    expect(found.pid!.value).toBe("1");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reached).toEqual([]);
    expect(signals).toBe(0);
    expect(existsSync(MARKER)).toBe(false);
  });

  it("with namespaces but no private root, still no network and no signal", async () => {
    if (level === "process") return;
    const found = await escape("namespaces");
    expect(found.tcp).toMatchObject({ ok: false });
    expect(found.abstract).toMatchObject({ ok: false });
    expect(found.signal).toMatchObject({ ok: false, value: "ESRCH" });
    expect(found.read).toMatchObject({ ok: false });
    expect(found.write).toMatchObject({ ok: false });
    expect(found.spawn).toMatchObject({ ok: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reached.filter((r) => /^(tcp|abstract|udp):/.test(r))).toEqual([]);
    expect(signals).toBe(0);
  });
});

describe("the control: the same escape without namespaces", () => {
  // Proves the attacks above are live (so the tests can fail): in a plain process only Node's
  // permission model and the stripped realm stand, and the network and signals are open.
  it("reaches the TCP, UDP and Unix-socket (abstract and file) listeners and signals the host, but still reads and writes no file and starts nothing", async () => {
    const before = { reached: reached.length, signals };
    const found = await escape("process");
    expect(found.tcp).toMatchObject({ ok: true });
    expect(found.abstract).toMatchObject({ ok: true });
    expect(found.udp).toMatchObject({ ok: true });
    expect(found.signal).toMatchObject({ ok: true });
    expect(found.read).toMatchObject({ ok: false });
    expect(found.write).toMatchObject({ ok: false });
    expect(found.spawn).toMatchObject({ ok: false });
    expect(found.worker).toMatchObject({ ok: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reached.slice(before.reached).map((r) => r.split(":")[0]).sort()).toEqual(["abstract", "tcp", "udp", "unix"]);
    expect(signals).toBeGreaterThan(before.signals);
  });
});

describe.runIf(process.platform === "linux")("a real sandbox process, while a run is in progress", () => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  beforeAll(async () => {
    process.env.CODEMODE_CANARY = SECRET;
    ({ runtime, close } = await demoRuntime());
  });
  afterAll(async () => {
    delete process.env.CODEMODE_CANARY;
    await close();
  });

  it("has network, PID, mount and user namespaces of its own, its own root, and an empty environment", async () => {
    if (level !== "jail") return;
    // Slow enough to be inspected on a busy machine: the run waits on the server most of the time.
    const running = runtime.run(`for (let i = 0; i < 30; i++) await demo.slow({ id: i }); return 1;`, { timeoutMs: 60_000 });
    await expect.poll(() => sandboxPids().length, { timeout: 20_000 }).toBeGreaterThan(0);
    const pids = sandboxPids();
    for (const pid of pids) {
      for (const ns of ["net", "pid", "mnt", "user", "ipc"]) expect(readlinkSync(`/proc/${pid}/ns/${ns}`), ns).not.toBe(readlinkSync(`/proc/self/ns/${ns}`));
      expect(readlinkSync(`/proc/${pid}/root`)).not.toBe("/");
      expect(readFileSync(`/proc/${pid}/environ`, "utf8")).toBe("");
    }
    expect(await running).toMatchObject({ ok: true, result: 1 });
  });
});
