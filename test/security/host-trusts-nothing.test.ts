import path from "node:path";
import { describe, expect, it } from "vitest";
import { isolationLevel } from "../../src/runtime/isolation.js";
import { classifyOutcome } from "../../src/runtime/outcome.js";
import { SandboxProcess } from "../../src/runtime/sandbox-process.js";
import { encodeFrame, FrameError, FrameReader } from "../../src/runtime/wire.js";
import { attack, hostileRuntime, MARGIN_MS } from "./helpers.js";
import { demoRuntime } from "../helpers/runtime.js";
import { eachExecutor } from "../helpers/executors.js";
import { childrenOf, cmdline } from "../helpers/processes.js";

/**
 * Property 4: the host trusts nothing from the sandbox. It counts limits itself in UTF-8 bytes,
 * decides timeouts, memory and crashes itself, caps every frame before reading it, and keeps its
 * own work per run bounded, so no input breaks the runtime for later runs.
 */

/** A sandbox process whose entry plays a compromised sandbox, sending what `forge` names (see `fixtures/escape-entry.mjs`), started and ready. */
async function forgedSandbox(forge: string): Promise<SandboxProcess> {
  const entry = path.resolve("test/security/fixtures/escape-entry.mjs");
  const sandbox = new SandboxProcess(await isolationLevel(), 128, [JSON.stringify({ forge })], 2 ** 20, entry);
  expect(await sandbox.ready).toBe(true);
  return sandbox;
}

eachExecutor((executor) => {
  const hostile = hostileRuntime({}, executor);

  describe("limits are the host's, in UTF-8 bytes", () => {
    it("arguments: 1.2 MB of three-byte characters do not pass a 1 MiB cap", async () => {
      const run = await attack(hostile.runtime, `await demo.echo({ text: "€".repeat(400_000) });`, { maxArgumentBytes: 2 ** 20 });
      expect(run.error!.message).toMatch(/the arguments are \d+ bytes; the limit is 1048576/);
      expect(run.calls).toEqual([expect.objectContaining({ ok: false })]);
    });

    it("the returned value: 6 MB of three-byte characters do not pass a 4 MiB cap, even with JSON.stringify replaced", async () => {
      const run = await attack(hostile.runtime, `JSON.stringify = () => '"small"'; return "€".repeat(2_000_000);`);
      expect(run.error).toMatchObject({ kind: "limit", message: expect.stringMatching(/the returned value is \d+ bytes of JSON; the limit is 4194304/) });
    });

    it("tool results are capped in bytes", async () => {
      const run = await attack(hostile.runtime, `await demo.echo({ text: "€".repeat(2000) });`, { maxResultBytes: 4000 });
      expect(run.error!.message).toMatch(/the result is \d+ bytes; the limit is 4000/);
    });

    it("the log budget holds in bytes and in total, whatever the levels", async () => {
      const run = await attack(hostile.runtime, `for (let i = 0; i < 280; i++) (console as any)[["log", "warn", "error"][i % 3]]("€".repeat(4 * 2 ** 20));`, { maxLogBytes: 64 * 1024, timeoutMs: 20_000 });
      const bytes = run.logs.reduce((sum, entry) => sum + Buffer.byteLength(entry.text), 0);
      expect(bytes).toBeLessThanOrEqual(64 * 1024 + 32);
      expect(run.logs.at(-1)!.text).toMatch(/\[log truncated\]$/);
    });

    it("empty log lines count too: a flood of them stays within the budget", async () => {
      const run = await attack(hostile.runtime, `for (let i = 0; i < 3_000_000; i++) console.log(); return 1;`, { timeoutMs: 20_000 });
      expect(run).toMatchObject({ ok: true, result: 1 });
      expect(run.logs.length).toBeLessThanOrEqual((64 * 1024) / 16 + 1);
      expect(run.logs.at(-1)!.text).toMatch(/\[log truncated\]$/);
    });

    it("prompt arguments are checked on the host, even sent past the shim", async () => {
      const send = (args: string) => `return await (globalThis as any).__codemodeHost('{"kind":"prompt","server":"demo","name":"review","args":${args}}');`;
      for (const [args, expected] of [["null", "must be an object of strings"], ['{"code":{}}', "must be an object of strings"], ['{"focus":"x"}', "missing code"]]) {
        const run = await attack(hostile.runtime, send(args!));
        expect(JSON.parse(run.result as string), args).toMatchObject({ ok: false, error: { message: expect.stringContaining(expected!) } });
      }
      expect(JSON.parse((await attack(hostile.runtime, send('{"code":"x"}'))).result as string)).toMatchObject({ ok: true });
    });

    it("arguments nested past the host's depth are refused before they are parsed (outside attack: 400,000 deep)", async () => {
      const deep = 400_000;
      const run = await attack(
        hostile.runtime,
        `const request = '{"kind":"tool","server":"demo","name":"echo","args":{"text":"x","extra":' + "[".repeat(${deep}) + "]".repeat(${deep}) + "}}";
return await (globalThis as any).__codemodeHost(request);`,
        { timeoutMs: 60_000 },
      );
      expect(JSON.parse(run.result as string)).toMatchObject({ ok: false, error: { message: expect.stringContaining("nest more than 1000 levels deep") } });
      expect(run.calls).toEqual([expect.objectContaining({ server: "demo", tool: "echo", ok: false })]);
    });

    it("the call limit is counted by the host", async () => {
      const run = await attack(hostile.runtime, `await Promise.all(Array.from({ length: 5000 }, () => demo.echo({ text: "x" })));`);
      expect(run.error).toMatchObject({ kind: "limit", message: expect.stringContaining("tool call limit reached") });
      expect(run.calls.length).toBeLessThanOrEqual(200);
    });
  });

  describe("the host's own work per run is bounded", () => {
    // The host parses and checks every one of the 100 calls (about 9 s on an idle two-core VM):
    // the runs get time enough for that on a busy machine; the property is one error per call.
    it("a million invalid items cost one error each call, and a run beside them completes", { timeout: 150_000 }, async () => {
      const victim = hostile.runtime.run(`let n = 0; for (let i = 0; i < 20; i++) n += (await demo.echo({ text: "v" })).text.length; return n;`, { timeoutMs: 90_000 });
      const run = await attack(hostile.runtime, `const items = "{}," .repeat(300_000) + "{}"; await Promise.all(Array.from({ length: 100 }, () => (globalThis as any).__codemodeHost('{"kind":"tool","server":"demo","name":"add-notes","args":{"notes":[' + items + ']}}'))); return 1;`, { timeoutMs: 90_000 });
      expect(run.calls.length).toBe(100);
      for (const call of run.calls) expect(call.error!.split(";").length).toBe(1);
      expect(await victim).toMatchObject({ ok: true, result: 20 });
    });

    // About the Node sandbox's pipe (answers the process has not read); under workerd each answer
    // is read by the runner and held in the run's isolate, under its memory watch.
    it.skipIf(executor === "workerd")("tool results the code leaves unread stop the run before they fill the host", async () => {
      const run = await attack(hostile.runtime, `for (let i = 0; i < 199; i++) demo.echo({ text: "\\\\".repeat(520_000) }).catch(() => 0); const end = Date.now() + 30_000; while (Date.now() < end) {}`, { timeoutMs: 25_000 });
      expect(run.error).toMatchObject({ kind: "limit", message: expect.stringMatching(/MiB of tool results unread/) });
    });

    it.each([
      ["nested arrays", `return JSON.parse("[".repeat(1500) + "]".repeat(1500));`],
      ["a forged outcome through Object.prototype.toJSON", `const deep = "[".repeat(1_500_00) + "]".repeat(1_500_00); (Object.prototype as any).toJSON = function () { return this && this.ok === true ? { ok: true, result: deep } : this; }; return 1;`],
    ])("a returned value nested deeper than 1,000 levels is refused: %s", async (_name, code) => {
      const run = await attack(hostile.runtime, code);
      if (run.ok) expect(run.result).toBe(1);
      else expect(run.error).toMatchObject({ kind: "limit", message: expect.stringContaining("nested more than 1000 levels") });
    });

    it("code that takes esbuild minutes is stopped after seconds, and later runs work", async () => {
      // Slow and growing: 2,000 arrows take esbuild about 14 s here before its memory limit ends it.
      const run = await attack(hostile.runtime, `const x: number = 1;\nreturn ${"a=>".repeat(2000)}x;`);
      expect(run.error).toMatchObject({ kind: "syntax", message: expect.stringMatching(/took longer than 5000 ms to compile|took more memory than a compile may/) });
      expect(await hostile.runtime.run("const x: number = 3; return x;")).toMatchObject({ ok: true, result: 3 });
    });

    it("a chain of 300,000 operators is a clear error, not a rejected run()", async () => {
      const run = await attack(hostile.runtime, `const x: number = 1;\nreturn ${"!".repeat(250_000)}x;`);
      expect(run.ok).toBe(false);
      expect(["syntax", "agent"]).toContain(run.error!.kind);
    });

    it("a 200,000-character unknown function name gets no suggestion and no delay", async () => {
      const run = await attack(hostile.runtime, `await (demo as any).${"a".repeat(200_000)}();`);
      expect(run.error).toMatchObject({ name: "TypeError", kind: "agent" });
      expect(run.error!.hint).toBeUndefined();
      expect(run.error!.message.length).toBeLessThanOrEqual(16_384);
    });

    it("code nested 100,000 brackets deep is refused before esbuild, and the next run works", async () => {
      const run = await attack(hostile.runtime, `return ${"[".repeat(100_000)}1${"]".repeat(100_000)};`);
      expect(run.error).toMatchObject({ kind: "syntax", message: expect.stringContaining("nested more than 500 deep") });
      expect(await hostile.runtime.run(`return ${"[".repeat(300)}1${"]".repeat(300)}.flat(Infinity);`)).toMatchObject({ ok: true, result: [1] });
    });

    it("code over the size cap is refused", async () => {
      const run = await attack(hostile.runtime, `// ${"x".repeat(300 * 1024)}\nreturn 1;`);
      expect(run.error).toMatchObject({ kind: "syntax", message: expect.stringContaining("the limit is 262144") });
    });

    it("each compile's esbuild is gone with it: no run's code leaves one behind for the next (one waits, unused, for the next compile)", async () => {
      const compiles = () => childrenOf(process.pid).filter((pid) => cmdline(pid).includes("--sourcefile=agent.ts"));
      const runs = await Promise.all([1, 2, 3].map((n) => hostile.runtime.run(`const x: number = ${n}; return x;`)));
      expect(runs.map((run) => run.ok && run.result)).toEqual([1, 2, 3]);
      await expect.poll(() => compiles().length).toBeLessThanOrEqual(1);
    });
  });
});

describe("what the sandbox reports is checked, never believed", () => {
  it.each([
    ["a forged memory kind", "kind", "crash"],
    ["a frame longer than the cap", "oversized", "crash"],
    ["bytes that are not JSON", "garbage", "crash"],
    ["a message of no known type", "unknown", "crash"],
    ["a call frame cut short inside its header", "short-call", "crash"],
    ["a call whose request is not UTF-8", "call-not-utf8", "crash"],
    ["a result frame, which only the host sends", "forged-result", "crash"],
  ])("%s ends that run as a %s, and the process is killed", async (_name, forge, kind) => {
    const sandbox = await forgedSandbox(forge);
    const outcome = await sandbox.run("return 1", { maxToolCalls: 1, maxArgumentBytes: 100, maxLogBytes: 100, maxResultBytes: 100 }, 5000, { onCall() {}, onLog() {} });
    expect(outcome).toMatchObject({ ok: false, error: { kind } });
    await expect.poll(() => sandbox.alive, { timeout: 10_000 }).toBe(false);
  });

  it("an outcome may only be ok with JSON, or an agent or limit error; strings are capped", () => {
    expect(classifyOutcome('{"ok":true,"result":"[1]"}')).toEqual({ ok: true, result: "[1]" });
    expect(classifyOutcome('{"ok":true,"result":"[1"}').ok).toBe(false);
    for (const kind of ["timeout", "memory", "crash", "type", "syntax"]) {
      expect(classifyOutcome(JSON.stringify({ ok: false, error: { name: "E", message: "m", kind } }))).toMatchObject({ error: { kind: "crash" } });
    }
    const long = classifyOutcome(JSON.stringify({ ok: false, error: { name: "N".repeat(1e5), message: "m".repeat(1e6), stack: "s".repeat(1e6), kind: "agent" } }));
    expect(long).toMatchObject({ ok: false, error: { kind: "agent" } });
    const error = (long as { error: { name: string; message: string; stack: string } }).error;
    expect([error.name.length, error.message.length, error.stack.length]).toEqual([200, 16_384, 16_384]);
    expect(classifyOutcome("not json")).toMatchObject({ error: { kind: "crash" } });
  });

  it("frames: split anywhere, refused over the cap before they are buffered, refused when not UTF-8 JSON", () => {
    const bytes = new Uint8Array([...encodeFrame({ t: "log", level: "log", text: "héllo" }), ...encodeFrame({ t: "ready", stacks: true })]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new FrameReader(100);
      expect([...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))]).toEqual([{ t: "log", level: "log", text: "héllo" }, { t: "ready", stacks: true }]);
    }
    expect(() => new FrameReader(10).push(new Uint8Array([0, 0, 0, 11]))).toThrow(FrameError);
    expect(() => new FrameReader(100).push(new Uint8Array([0, 0, 0, 2, 0xff, 0xfe]))).toThrow(FrameError);
  });

  it("call and result frames carry their text raw: split anywhere, capped like any frame, refused when cut short or not UTF-8", () => {
    const request = '{"kind":"tool","server":"demo","name":"echo","args":{"text":"h\u00e9llo \"quoted\" \\ ✓"}}';
    const frames = [
      { t: "call", id: 7, request },
      { t: "result", id: 2 ** 32 - 1, response: '{"ok":true,"value":"é"}' },
      { t: "call", id: 0, request: "" },
    ];
    const bytes = new Uint8Array(frames.flatMap((frame) => [...encodeFrame(frame as Parameters<typeof encodeFrame>[0])]));
    // The text is not escaped a second time: the frame is its UTF-8 bytes and a 9-byte header.
    expect(encodeFrame(frames[0] as Parameters<typeof encodeFrame>[0]).length).toBe(9 + Buffer.byteLength(request));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new FrameReader(1000);
      expect([...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))]).toEqual(frames);
    }
    // The cap counts the whole body, header included, and is checked before any byte of it is kept.
    const call = encodeFrame({ t: "call", id: 1, request: "x".repeat(100) });
    expect(() => new FrameReader(104).push(call.subarray(0, 4))).toThrow(FrameError);
    expect(new FrameReader(105).push(call)).toEqual([{ t: "call", id: 1, request: "x".repeat(100) }]);
    // A tag with no room for its id, and text that is not UTF-8.
    for (const body of [[1], [1, 0, 0, 0], [2, 0, 0], [1, 0, 0, 0, 1, 0xff, 0xfe], [2, 0, 0, 0, 1, 0xc3]]) {
      expect(() => new FrameReader(100).push(new Uint8Array([0, 0, 0, body.length, ...body]))).toThrow(FrameError);
    }
    // Any other leading byte is read as JSON, and refused when it is not.
    expect(() => new FrameReader(100).push(new Uint8Array([0, 0, 0, 5, 3, 0, 0, 0, 1]))).toThrow(FrameError);
  });
});

/** Agent code makes the type check as costly as it likes: the check is bounded like the run. */
describe("the type check of hostile code is bounded", () => {
  const typeBomb = (n: number) =>
    `type Inc<N extends unknown[]> = [...N, 0];\ntype Build<N extends unknown[], Acc, M extends number> = N["length"] extends M ? Acc : Build<Inc<N>, Acc | N["length"], M>;\n` +
    Array.from({ length: n }, (_, i) => `type T${i} = Build<[], never, ${900 + (i % 99)}>; const v${i}: T${i} = 3 as T${i};`).join("\n") +
    "\nreturn 1;";

  it("a check past the run's timeout ends the run as a limit, naming no host file, and the next check works", async () => {
    const { runtime, close } = await demoRuntime({ typecheck: true });
    try {
      await runtime.run("return 1");
      const started = Date.now();
      const run = await runtime.run(typeBomb(400), { timeoutMs: 1500 });
      expect(Date.now() - started).toBeLessThan(1500 + MARGIN_MS);
      expect(run).toMatchObject({ ok: false, error: { kind: "limit", message: expect.stringContaining("could not be type-checked: it took longer than 1500 ms") } });
      const deep = await runtime.run(`return ${"1?".repeat(60_000)}1${":1".repeat(60_000)};`, { timeoutMs: 20_000 });
      expect(deep.ok).toBe(false);
      expect(JSON.stringify(deep)).not.toMatch(/node_modules|\/work\/|\.js:\d+/);
      expect(await runtime.run("const a: number = 41; return a + 1;")).toMatchObject({ ok: true, result: 42 });
    } finally {
      await close();
    }
  });
});

describe("ids are the sandbox's to choose, and mean nothing to the host", () => {
  it("calls under any id (0, the largest, reused, not integers) and a flood of frames, in one write with `done`: the calls before it answered, none after", async () => {
    const sandbox = await forgedSandbox("ids");
    const ids: number[] = [];
    let logs = 0;
    const outcome = await sandbox.run("return 1", { maxToolCalls: 10, maxArgumentBytes: 100, maxLogBytes: 20_000 * 16, maxResultBytes: 100 }, 5000, {
      onCall: (id) => ids.push(id),
      onLog: () => logs++,
    });
    expect(outcome).toEqual({ ok: true, result: "1" });
    expect(ids).toEqual([0, 2 ** 32 - 1, 7, 7, -1, 2 ** 53 - 1]);
    expect(logs).toBe(20_000);
    await expect.poll(() => sandbox.alive, { timeout: 10_000 }).toBe(false);
  });

  it("more calls than the run's limit, which codemode's sandbox never sends, end the run as a crash after the limit's worth", async () => {
    const sandbox = await forgedSandbox("call-flood");
    let calls = 0;
    const outcome = await sandbox.run("return 1", { maxToolCalls: 10, maxArgumentBytes: 100, maxLogBytes: 100, maxResultBytes: 100 }, 5000, {
      onCall: () => calls++,
      onLog() {},
    });
    expect(outcome).toMatchObject({ ok: false, error: { kind: "crash", message: expect.stringContaining("more tool calls than the run allows") } });
    expect(calls).toBe(10);
    await expect.poll(() => sandbox.alive, { timeout: 10_000 }).toBe(false);
  });

  it("more log entries than the run's budget allows, which codemode's sandbox never sends, end the run as a crash", async () => {
    const sandbox = await forgedSandbox("ids");
    let logs = 0;
    const outcome = await sandbox.run("return 1", { maxToolCalls: 10, maxArgumentBytes: 100, maxLogBytes: 160, maxResultBytes: 100 }, 5000, {
      onCall() {},
      onLog: () => logs++,
    });
    expect(outcome).toMatchObject({ ok: false, error: { kind: "crash", message: expect.stringContaining("more log entries") } });
    expect(logs).toBe(11);
  });
});
