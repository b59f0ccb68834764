import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AgentTypeChecker } from "../../src/typecheck/checker.js";
import { checkerCommand, CheckerProcess } from "../../src/typecheck/checker-process.js";
import { CheckerBusy, prestartTypeChecker, TypeCheckClient } from "../../src/typecheck/client.js";
import type { CheckerReply } from "../../src/typecheck/serve.js";
import { buildCheckerSnapshot } from "../../src/typecheck/snapshot-build.js";
import { checkerSnapshotFile, existingCheckerSnapshot, removeAbandonedBuilds } from "../../src/typecheck/snapshot-file.js";
import { childrenOf, cmdline } from "../helpers/processes.js";
import { typeBomb } from "../helpers/type-bomb.js";
import { diesWithHost } from "../../src/util/system-tool.js";

const TYPINGS = "declare namespace api { function add(input: { a: number; b: number }): Promise<number>; }";
const ROOT = path.resolve(import.meta.dirname, "../..");

/** The snapshot, made if this install has none yet (about a second). */
async function snapshot(): Promise<string> {
  const file = await buildCheckerSnapshot();
  if (!file) throw new Error(`the checker's snapshot could not be made at ${checkerSnapshotFile()}`);
  return file;
}

/** Sends one request and waits for the reply (or the process's end). */
function ask(checker: CheckerProcess, request: Parameters<CheckerProcess["postMessage"]>[0]): Promise<CheckerReply> {
  return new Promise((resolve, reject) => {
    checker.once("message", resolve);
    checker.once("exit", (code: number) => reject(new Error(`the checker ended with ${code}`)));
    checker.postMessage(request);
  });
}

const until = async (done: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 20));
  return done();
};

/** Checkers run as processes only where the kernel kills them with their host (Linux, with setpriv); elsewhere in threads. */
const processes = diesWithHost(["true"]) !== undefined;

/** A Node script, as an ES module, run to its end; its stdout's last line parsed as JSON. */
function host(script: string) {
  return spawn(process.execPath, ["--input-type=module", "-e", `const { prestartTypeChecker, TypeCheckClient } = await import(${JSON.stringify(path.join(ROOT, "dist/typecheck/client.js"))});\n${script}`], { stdio: ["ignore", "pipe", "pipe"] });
}

const snapshotCheckers = (of: number) => childrenOf(of).filter((pid) => cmdline(pid).includes("--snapshot-blob"));

describe.skipIf(!processes)("the type checker's startup snapshot", () => {
  it("a process started from it checks agent code as the checker in this process does", async () => {
    const command = checkerCommand(await snapshot())!;
    const checker = new CheckerProcess(command, () => {
      throw new Error("the snapshot was refused");
    });
    const here = new AgentTypeChecker(TYPINGS);
    const snippets = [
      'return api.add({ a: 1, b: "2" });',
      "return api.add({ a: 1, b: 2 });",
      "const list = []; list.push(1); return list;",
      "return new SharedArrayBuffer(8);",
      "const x: number = await api.add({ a: 1 }); return x.toFixed(2);",
      "return missing(1);",
    ];
    try {
      expect(await ask(checker, { typings: TYPINGS })).toEqual({ ready: true });
      for (const [i, code] of snippets.entries()) {
        const expected = here.check(code);
        expect(await ask(checker, { id: i, code })).toEqual({ id: i, diagnostics: expected });
      }
      // The snippets above cover errors and clean code alike.
      expect(here.check(snippets[0]!).length).toBeGreaterThan(0);
      expect(here.check(snippets[1]!)).toEqual([]);
    } finally {
      await checker.terminate();
    }
  });

  it("is made once: a second request finds it, and `codemode generate` leaves one behind", async () => {
    const file = await snapshot();
    expect(await buildCheckerSnapshot()).toBe(file);
    expect(existingCheckerSnapshot()).toBe(file);
    const generated = spawnSync(process.execPath, ["bin/codemode.js", "generate", "--offline", "--silent"], { cwd: ROOT, encoding: "utf8" });
    expect(generated.status, generated.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it("a check started ahead from the snapshot serves a client; one that runs out of time kills the process, and the next check gets another checker", async () => {
    const file = await snapshot();
    const checkersNow = () => childrenOf(process.pid).filter((pid) => cmdline(pid).includes("--snapshot-blob"));
    const before = new Set(checkersNow());
    prestartTypeChecker(file);
    const client = new TypeCheckClient(TYPINGS);
    try {
      expect(await client.check('return api.add({ a: 1, b: "2" });')).toEqual([expect.objectContaining({ line: 1, code: 2322 })]);
      const checkers = checkersNow().filter((pid) => !before.has(pid));
      expect(checkers).toHaveLength(1);
      // It checks an attacker's code: no files, processes or workers, and nothing of the host's environment.
      expect(cmdline(checkers[0]!).split("\0")).toContain("--experimental-permission");
      const environment = readFileSync(`/proc/${checkers[0]}/environ`, "utf8").split("\0").filter(Boolean).map((entry) => entry.split("=")[0]);
      expect(environment.filter((name) => !name!.startsWith("NODE_CHANNEL_"))).toEqual([]);
      await expect(client.check(typeBomb(50), 300)).rejects.toThrow(/it took longer than \d+ ms/);
      expect(await until(() => cmdline(checkers[0]!) === "")).toBe(true);
      expect(await client.check("return api.add({ a: 1, b: 2 });")).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it.each([
    ["not a snapshot at all (Node aborts)", async () => Buffer.from("not a snapshot")],
    ["a snapshot cut short (Node crashes on it)", async () => (await readFile(await snapshot())).subarray(0, 1_000_000)],
  ])("a damaged snapshot, %s, is removed, and the check runs in a thread instead", async (_, content) => {
    const damaged = path.join(await mkdtemp(path.join(os.tmpdir(), "codemode-snapshot-")), "checker.blob");
    await writeFile(damaged, await content());
    prestartTypeChecker(damaged);
    const client = new TypeCheckClient(TYPINGS);
    try {
      expect(await client.check('return api.add({ a: 1, b: "2" });')).toEqual([expect.objectContaining({ line: 1, code: 2322 })]);
      expect(existsSync(damaged)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it("what a build killed midway left is removed by the next generate; another process's build in progress is not", async () => {
    const file = await snapshot();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    const left = [`${file}.${dead}.tmp`, `${file}.${dead}.tmp.cjs`];
    const building = `${file}.${process.pid}.tmp`;
    for (const name of [...left, building]) await writeFile(name, "partial");
    try {
      removeAbandonedBuilds(file);
      expect(left.filter((name) => existsSync(name))).toEqual([]);
      expect(existsSync(building)).toBe(true);
    } finally {
      await rm(building, { force: true });
    }
  });

  it("a checker started ahead that nobody takes lets its host end, and ends with it", async () => {
    const file = await snapshot();
    const script = `const { prestartTypeChecker } = await import(${JSON.stringify(path.join(ROOT, "dist/typecheck/client.js"))});
prestartTypeChecker(${JSON.stringify(file)});
const { readdirSync, readFileSync } = await import("node:fs");
await new Promise((resolve) => setTimeout(resolve, 300));
const children = readdirSync("/proc/self/task").flatMap((t) => readFileSync("/proc/self/task/" + t + "/children", "utf8").trim().split(/\\s+/).filter(Boolean));
console.log(JSON.stringify(children.filter((pid) => readFileSync("/proc/" + pid + "/cmdline", "utf8").includes("--snapshot-blob"))));`;
    const host = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(host.status, host.stderr).toBe(0);
    const checkers = JSON.parse(host.stdout) as string[];
    expect(checkers).toHaveLength(1);
    expect(await until(() => cmdline(Number(checkers[0])) === "")).toBe(true);
  });

  it("dies with its host, even in the middle of a check it cannot leave (the host killed with SIGKILL)", async () => {
    const file = await snapshot();
    const child = host(`prestartTypeChecker(${JSON.stringify(file)});
const client = new TypeCheckClient("");
console.log("checking");
await client.check(${JSON.stringify(typeBomb(400))}, 60_000);`);
    await new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("checking") && resolve()));
    // Kept from the look that found it: a process reads as no checker for the moment it execs.
    let checker: number | undefined;
    expect(await until(() => ([checker] = snapshotCheckers(child.pid!)).length === 1)).toBe(true);
    // Well into the check: the checker is busy, and cannot see its channel close.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill("SIGKILL");
    expect(await until(() => cmdline(checker!) === "", 5000)).toBe(true);
  });

  it("a checker killed before its first answer fails nothing: the check runs in a thread, the host stays up to hear it, and the snapshot is kept", async () => {
    const file = await snapshot();
    const child = host(`prestartTypeChecker(${JSON.stringify(file)});
const client = new TypeCheckClient(${JSON.stringify(TYPINGS)});
const { readdirSync, readFileSync } = await import("node:fs");
const mine = () => readdirSync("/proc/self/task").flatMap((t) => readFileSync("/proc/self/task/" + t + "/children", "utf8").trim().split(/\\s+/).filter(Boolean)).filter((pid) => readFileSync("/proc/" + pid + "/cmdline", "utf8").includes("--snapshot-blob"));
const checking = client.check('return api.add({ a: 1, b: "2" });', 20_000);
for (const pid of mine()) process.kill(Number(pid), "SIGKILL");
console.log(JSON.stringify((await checking).map((d) => d.code)));
await client.close();`);
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toEqual([2322]);
    expect(existsSync(file)).toBe(true);
  });

  it("a checker that does not start in time fails the check then, as no fault of the code's", async () => {
    const file = await snapshot();
    const before = new Set(snapshotCheckers(process.pid));
    prestartTypeChecker(file);
    const started = () => snapshotCheckers(process.pid).filter((pid) => !before.has(pid));
    // Until the child has exec'd, its command line is still this process's; while it execs (setpriv
    // becoming node, one pid), it reads as empty: the list is kept from the look that found it.
    let stopped: number[] = [];
    expect(await until(() => (stopped = started()).length > 0)).toBe(true);
    expect(stopped).toHaveLength(1);
    process.kill(stopped[0]!, "SIGSTOP");
    const client = new TypeCheckClient(TYPINGS, 1000);
    try {
      await expect(client.check("return 1;")).rejects.toThrow(new CheckerBusy("the checker did not start within 1000 ms"));
      // The stopped process was ended with the check; the next check gets a checker of its own.
      expect(await until(() => cmdline(stopped[0]!) === "")).toBe(true);
      expect(await client.check('return api.add({ a: 1, b: "2" });')).toEqual([expect.objectContaining({ code: 2322 })]);
    } finally {
      await client.close();
    }
  });

  it("a process that cannot start reports its end, once, and the snapshot is not blamed", async () => {
    let blamed = false;
    const checker = new CheckerProcess(["/nonexistent/node"], () => (blamed = true));
    const ended: number[] = [];
    checker.on("exit", (code: number) => ended.push(code));
    checker.on("error", () => {
      throw new Error("no check was running");
    });
    expect(await checker.terminate()).toBe(-1);
    checker.postMessage({ typings: "" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toEqual([-1]);
    expect(blamed).toBe(false);
  });
});
