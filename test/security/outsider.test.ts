/**
 * Findings of an outsider's attack session. Each test reproduces one finding. The fixed ones run;
 * the open ones are skipped, each with the finding above it: every one of them fails today, and
 * some (esbuild's gigabytes, a server closed 40 times) would load a CI machine for a minute.
 * Remove `.skip` with the fix.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { approvalConfig } from "../helpers/approval-config.js";
import { workerdAvailable, workerdMissing } from "../helpers/executors.js";

describe("outsider (third attack): code that closes its wrapper early stays strict, and type errors cost the host little", () => {
  // FIXED (was low, README): agent code is wrapped as `(async function () {"use strict"; … })`,
  // and code that closed that function early ran sloppy in the body around it, where `with`,
  // implicit globals and `arguments.callee` worked (an HTML-like comment hid it from the type
  // checker). The body itself is strict now.
  it("code after an early `})` is strict too", async () => {
    const { demoRuntime } = await import("../helpers/runtime.js");
    const { runtime, close } = await demoRuntime({ typecheck: false });
    try {
      const run = await runtime.run(`}), (function () { globalThis.sloppy = (function () { return this !== undefined; })(); })(), (async function () {
return globalThis.sloppy;`);
      expect(run).toMatchObject({ ok: true, result: false });
    } finally {
      await close();
    }
  });

  // FIXED (was high): each type error's code frame split the whole script again, on the host's
  // thread: 10,000 errors in a script of 10,000 lines held it for 30 s, past every run's deadline.
  // Only the first errors get a frame now; every one is still in \`diagnostics\`.
  it("ten thousand type errors get twenty frames and a count", async () => {
    const { typeError } = await import("../../src/runtime/agent-error.js");
    const code = "a;\n".repeat(10_000);
    const diagnostics = Array.from({ length: 10_000 }, (_, i) => ({ line: i + 1, column: 1, code: 2304, message: "Cannot find name 'a'." }));
    const error = typeError(diagnostics, code, new Map());
    expect(error.hint!.match(/TS2304/g)).toHaveLength(20);
    expect(error.hint).toContain("… and 9980 more type errors");
    expect(error.diagnostics).toHaveLength(10_000);
    expect(error.message).toBe("Cannot find name 'a'. (and 9999 more)");
  });

  // FIXED (was low, carried since): a frame showed its two lines whole, so twenty frames of a
  // one-line script of 100 KB made a message of 6 MB (60 times the code) for the model or terminal.
  it("frames of a long line show the window around the column, the caret under its character", async () => {
    const { typeError } = await import("../../src/runtime/agent-error.js");
    const line = Array.from({ length: 5_000 }, (_, i) => `v${String(i).padStart(4, "0")}+`).join("").repeat(4);
    const code = `const pad = 1;\n${line}`;
    const diagnostics = Array.from({ length: 20 }, (_, i) => ({ line: 2, column: 1 + i * 6_000, code: 2304, message: `Cannot find name 'v${String(i * 1000).padStart(4, "0")}'.` }));
    const error = typeError(diagnostics, code, new Map());
    expect(code.length).toBeGreaterThan(100_000);
    expect(error.hint!.length).toBeLessThan(20 * 500);
    const hint = error.hint!.split("\n");
    for (const diagnostic of diagnostics) {
      const at = hint.findIndex((row) => row.startsWith(`2:${diagnostic.column} TS2304`));
      // The error's line, the line before it, the line, the caret.
      const [shown, caret] = [hint[at + 2]!, hint[at + 3]!];
      expect(shown.startsWith("2 | ")).toBe(true);
      expect(shown.slice(caret.indexOf("^"), caret.indexOf("^") + 5)).toBe(code.split("\n")[1]!.slice(diagnostic.column - 1, diagnostic.column + 4));
    }
  });
});

describe("outsider (fourth attack): the paths the host starts in the sandbox call nothing agent code replaced", () => {
  // FIXED (was low): delivering a call's result looked its resolver up with `Map.prototype.get`,
  // which agent code can replace: its code then ran on top of the host's stdin callback. And the
  // stack formatter hid host frames with `String.prototype.startsWith`, replaceable too, so
  // those frames and their paths showed in `.stack`.
  it("a result is delivered without calling a replaced Map.prototype.get", async () => {
    const { demoRuntime } = await import("../helpers/runtime.js");
    const { runtime, close } = await demoRuntime({ typecheck: false });
    try {
      const run = await runtime.run(`const stacks = [];
const get = Map.prototype.get;
Map.prototype.get = function (key) { stacks.push(String(new Error().stack)); return get.call(this, key); };
String.prototype.startsWith = function () { return false; };
const echoed = await demo.echo({ text: "x" });
return { stacks, echoed: echoed.text };`);
      expect(run).toMatchObject({ ok: true, result: { stacks: [], echoed: expect.stringContaining("x") } });
    } finally {
      await close();
    }
  });

  it("the stack formatter leaves out host frames with String.prototype.startsWith replaced", async () => {
    const vm = await import("node:vm");
    const { bootstrap } = await import("../../src/runtime/sandbox/bootstrap.js");
    const context = vm.createContext({});
    const install = vm.runInContext(`(${bootstrap.toString()})`, context) as typeof bootstrap;
    const api = install(() => 0, () => 0, () => 0, "__host", true);
    vm.runInContext("String.prototype.startsWith = function () { return false; };", context);
    const site = (file: string) => ({ getFileName: () => file, getLineNumber: () => 1, getColumnNumber: () => 2, getFunctionName: () => "f" });
    const stack = api.formatStack(undefined, {}, [site("agent.ts"), site("file:///host/dist/runtime/sandbox/main.js"), site("node:internal/streams")]);
    expect(stack).toContain("agent.ts:1:2");
    expect(stack).not.toMatch(/file:|node:/);
  });
});

describe("outsider: one run's code cannot make the host's esbuild fail others or eat the machine", () => {
  // FIXED (was high): the nesting cap counts brackets only. A chain of 250,000 prefix operators
  // (`!!!…1`, 250 KB, under the 256 Ki cap) makes esbuild's parser recurse until Go's 1 GB stack
  // limit: the shared esbuild process grows by ~0.8 GB per such run (four concurrent runs with a
  // 128 MB limit took it to 2-2.7 GB here), outside any run's memory limit, then dies with a
  // stack dump of several MB on the host's stderr. While it grinds, other runs' plain TypeScript
  // (`const x: number = 1`) fails as `syntax`: "took longer than 5000 ms to compile". Now each
  // run's code gets an esbuild of its own, under a memory limit and a deadline.
  it("four runs of a 250,000-operator chain beside ordinary runs", async () => {
    const { demoRuntime } = await import("../helpers/runtime.js");
    const { execSync } = await import("node:child_process");
    const { runtime, close } = await demoRuntime({ timeoutMs: 10_000, typecheck: false });
    try {
      expect(await runtime.run("const x: number = 1; return x;")).toMatchObject({ ok: true, result: 1 });
      let peakKb = 0;
      const timer = setInterval(() => {
        try {
          // Every esbuild of this process's, the shared service's or a run's own.
          const rows = execSync(`ps -o rss=,args= --ppid ${process.pid}`).toString().trim().split("\n");
          const total = rows.filter((line) => /esbuild/.test(line)).reduce((sum, line) => sum + parseInt(line, 10), 0);
          peakKb = Math.max(peakKb, total);
        } catch {
          // ps raced a process's exit
        }
      }, 50);
      let done = false;
      const victims: { ok: boolean; error?: unknown }[] = [];
      const victim = async () => {
        while (!done) victims.push(await runtime.run("const x: number = 1; return x;"));
      };
      const running = Array.from({ length: 4 }, victim);
      const hostile = `const x: number = 1;\nreturn ${"!".repeat(250_000)}x;`;
      const hostileRuns = await Promise.all(Array.from({ length: 4 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 150)).then(() => runtime.run(hostile))));
      done = true;
      await Promise.all(running);
      clearInterval(timer);
      // Each hostile run fails alone, saying why, and the machine's memory spent on four runs' code
      // stays within four compiles' limits (128 MiB of data each; the shared esbuild took 2-2.7 GB).
      for (const run of hostileRuns) expect(run).toMatchObject({ ok: false, error: { kind: "syntax", message: expect.stringMatching(/took more memory than a compile may|took longer than/) } });
      expect(peakKb / 1024, "esbuild's peak RSS in MB").toBeLessThan(4 * 160);
      expect(victims.length).toBeGreaterThan(0);
      expect(victims.filter((run) => !run.ok)).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe("outsider: the shared checker thread", () => {
  /** The repo's own type bomb (test/security/checker-shared.test.ts): a check far past 10 s. */
  const typeBomb = (n: number) =>
    `type Inc<N extends unknown[]> = [...N, 0];\ntype Build<N extends unknown[], Acc, M extends number> = N["length"] extends M ? Acc : Build<Inc<N>, Acc | N["length"], M>;\n` +
    Array.from({ length: n }, (_, i) => `type T${i} = Build<[], never, ${900 + (i % 99)}>; const v${i}: T${i} = 3 as T${i};`).join("\n") +
    "\nreturn 1;";

  // FIXED (was medium): "a hostile run holds concurrent runs' checks back for 10 s at most" holds
  // per hostile run, but checks queue one at a time: three hostile runs submitted together hold
  // an innocent run's check for 30 s, and the innocent run (default 30 s timeout) fails as
  // `limit` ("it waited for other checks longer than the run's time") without running. Now a
  // check holds the thread for 3 s at most while another waits, less the more wait.
  it("three costly checks do not fail an innocent run with the default timeout", async () => {
    const { demoRuntime } = await import("../helpers/runtime.js");
    const { runtime, close } = await demoRuntime({ typecheck: true });
    try {
      await runtime.run("return 1");
      const hostile = [0, 1, 2].map(() => runtime.run(typeBomb(400), { timeoutMs: 120_000 }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const innocent = await runtime.run("const a: number = 41; return a + 1;");
      expect(innocent).toMatchObject({ ok: true, result: 42 });
      for (const run of await Promise.all(hostile)) expect(run).toMatchObject({ ok: false, error: { kind: "limit", message: expect.stringContaining("while other runs' checks waited") } });
    } finally {
      await close();
    }
  }, 120_000);
});

describe("outsider: memoryMb is the run's memory", () => {
  // FINDING (low/medium, README): `memoryMb` (128) caps V8's old space, but the host's resident
  // watch allows 2 × memoryMb + 128 MiB over the process's baseline (resident-memory.ts), a rule
  // the README does not state. A run with memoryMb 128 holds 300 MB of array buffers (every page
  // touched) and returns ok, on both executors.
  for (const executor of ["node", "workerd"] as const) {
    it.skip(`${executor}: 300 MB of touched array buffers under memoryMb 128 end the run as memory`, async () => {
      const { demoRuntime } = await import("../helpers/runtime.js");
      const { runtime, close } = await demoRuntime({ typecheck: false }, {}, { executor });
      try {
        const run = await runtime.run(
          `const xs = []; for (let i = 0; i < 30; i++) xs.push(new Uint8Array(10 * 2 ** 20).fill(1)); await demo.slow({ id: 1 }); return xs.length;`,
          { memoryMb: 128, timeoutMs: 10_000 },
        );
        expect(run).toMatchObject({ ok: false, error: { kind: "memory" } });
      } finally {
        await close();
      }
    }, 60_000);
  }
});

describe("outsider: the two executors run the same code alike", () => {
  // FIXED (was low, README): agent code was a sloppy-mode function body under Node
  // (compileFunction) but an ES module, so strict, under workerd: `with`, an implicit global,
  // legacy octals and `this` in plain functions behaved differently, and `import.meta` compiled
  // only under workerd. Now agent code is strict on both, and `import.meta` is refused on both.
  it.skipIf(!workerdAvailable)("sloppy-mode code gives one answer on both executors", async () => {
    const { demoRuntime } = await import("../helpers/runtime.js");
    const snippets = [
      "implicitGlobal = 1; return typeof implicitGlobal;",
      "with ({ a: 2 }) { return a; }",
      "return 010;",
      "return (function () { return this === undefined; })();",
      // An async function of its own: top-level `this` and `arguments` are the agent's, alike on both.
      "return [this === undefined, arguments.length];",
      "return arguments.callee;",
      "return typeof import.meta;",
    ];
    const results: Record<string, unknown[]> = {};
    for (const executor of ["node", "workerd"] as const) {
      const { runtime, close } = await demoRuntime({ typecheck: false }, {}, { executor });
      try {
        for (const code of snippets) {
          const run = await runtime.run(code);
          (results[code] ??= []).push(run.ok ? { result: run.result } : { kind: run.error?.kind, message: run.error?.message });
        }
      } finally {
        await close();
      }
    }
    for (const code of snippets) expect(results[code]![1], code).toEqual(results[code]![0]);
    // Strict: an undeclared name throws, `with` and legacy octals do not compile, `this` is undefined.
    expect(results[snippets[0]!]![0]).toMatchObject({ kind: "agent", message: expect.stringContaining("implicitGlobal is not defined") });
    expect(results[snippets[1]!]![0]).toMatchObject({ kind: "syntax" });
    expect(results[snippets[2]!]![0]).toMatchObject({ kind: "syntax" });
    expect(results[snippets[3]!]![0]).toEqual({ result: true });
    expect(results[snippets[4]!]![0]).toEqual({ result: [true, 0] });
    expect(results[snippets[5]!]![0]).toMatchObject({ kind: "agent", message: expect.stringContaining("callee") });
    expect(results[snippets[6]!]![0]).toMatchObject({ kind: "syntax" });
  }, 60_000);
});

describe.skipIf(!workerdAvailable)(`outsider: workerd's run stub stays in the boot module${workerdAvailable ? "" : ` (skipped: ${workerdMissing})`}`, () => {
  // FIXED (was medium): the boot module called `host.call(request)` on the run's RPC stub (a
  // Fetcher, workerd's wildcard-method object) after agent code has started. The stub has no
  // own or prototype `call`, so the lookup reaches Object.prototype, which agent code owns: a
  // getter there receives the stub itself. Agent code then calls the runner's HostBridge
  // directly (`stub.call`, `stub.log`, `stub.connect`), past the bootstrap's own counting; the
  // host's checks still hold (calls are counted, logs capped, connect finds no network), but
  // the capability the README says only the bootstrap holds is the agent's.
  it("an Object.prototype getter does not hand agent code the RPC stub", async () => {
    const { demoRuntime } = await import("../helpers/runtime.js");
    const { runtime, close } = await demoRuntime({ typecheck: false }, {}, { executor: "workerd" });
    try {
      const run = await runtime.run(
        `let stub: any;
        Object.defineProperty(Object.prototype, "call", { configurable: true, get() { if (typeof this !== "function" && !stub) stub = this; return undefined; } });
        let echoed = "the call failed";
        try { echoed = (await demo.echo({ text: "hi" })).text; } catch {}
        delete (Object.prototype as any).call;
        if (!stub) return ["no stub", echoed];
        const direct = await stub.call(JSON.stringify({ kind: "tool", server: "demo", name: "echo", args: { text: "past the bootstrap" } }));
        return [Object.prototype.toString.call(stub), String(direct).slice(0, 80)];`,
        { timeoutMs: 10_000 },
      );
      // The call still works: the bootstrap's own path no longer looks anything up on the stub.
      expect(run).toMatchObject({ ok: true, result: ["no stub", "hi"] });
    } finally {
      await close();
    }
  }, 60_000);

  // FIXED (was low, README): property 4 says the host ends a run whose sandbox sends more calls
  // or log entries than codemode's own sandbox could, as `crash`. Under workerd, with the stub,
  // 1,000 calls against a limit of 200 (and, tried too, ~2,900 log batches of 420 KB in 4 s)
  // left the run `ok`: the host refused each excess call (the 200 limit held) and dropped the
  // excess logs, but answered every request for the run's whole time. The stub is out of reach
  // now (above), so the test speaks for a runner that forwards what it should not: with the
  // channel's secret and the run's name, as a compromised runner or isolate would.
  it.each(["calls", "logs"] as const)("%s past what the bootstrap could send end a workerd run as a crash", async (flood) => {
    const { workerdOverTcp } = await import("../helpers/workerd.js");
    const { WorkerdSlot } = await import("../../src/runtime/workerd/workerd-slot.js");
    const { secret, channel, process: workerd, close } = await workerdOverTcp("codemode-outsider-workerd-");
    // The run's name, as the runner's stub carries it.
    let run = "";
    const open = channel.open.bind(channel);
    channel.open = (name, sink) => ((run = name), open(name, sink));
    try {
      expect(await workerd.ready).toBe(true);
      const slot = new WorkerdSlot(workerd, channel, [], 2 ** 20, () => {});
      let answered = 0;
      // Agent code that waits: everything the host sees comes from the forged requests below.
      const outcome = slot.run("(async () => new Promise(() => {}))", { maxToolCalls: 5, maxArgumentBytes: 1000, maxLogBytes: 1000, maxResultBytes: 1000 }, 20_000, {
        onCall(id) {
          answered++;
          slot.respond(id, '{"ok":true,"value":1}');
        },
        onLog() {},
      });
      await expect.poll(() => run).not.toBe("");
      const url = (channel.address() as { url: string }).url;
      const post = (route: string, body: string) => fetch(`${url}${route}`, { method: "POST", headers: { "x-codemode-secret": secret, "x-codemode-run": run }, body }).then((response) => response.status);
      const entry = JSON.stringify(["log", "x".repeat(900)]);
      const batch = `[${Array.from({ length: 20 }, () => entry).join(",")}]`;
      for (let i = 0; i < 20; i++) await post(flood === "calls" ? "/call" : "/log", flood === "calls" ? '{"kind":"tool"}' : batch).catch(() => 0);
      expect(await outcome).toMatchObject({ ok: false, error: { kind: "crash", message: expect.stringMatching(flood === "calls" ? /more tool calls than the run allows/ : /more log output than the run's log budget/) } });
      // The limit held up to the stop: no call past it reached the host's handlers.
      expect(answered).toBeLessThanOrEqual(5);
    } finally {
      await close();
    }
  }, 60_000);
});

describe("outsider: one run cannot take a shared server away from another", () => {
  // FIXED (was medium): the host closed a stdio server that writes a line over 16 MiB (README: "a
  // server is trusted no more than agent code"). Agent code chooses that answer's size: one
  // read_multiple_files of the same 20 KB file 1,500 times makes the example filesystem server
  // write ~29 MB, the host closes the server, and a concurrent innocent run's call to it fails
  // as kind `server` ("a server failed under it"), while the hostile run caught its ToolError
  // and returned ok. Repeated (40 such reads in one 30 s run), 21 of 153 innocent runs beside it
  // failed as `server`. Now the line is skipped to its end, and only the request it answers fails.
  it("an oversized answer provoked by one run does not fail another run's call", async () => {
    const { createRuntime } = await import("../../src/runtime/runtime.js");
    const { dir, file } = approvalConfig();
    writeFileSync(path.join(dir, "big.txt"), "z".repeat(20_000));
    const runtime = await createRuntime({ configFile: file, defaults: { typecheck: false } });
    try {
      expect(await runtime.run(`return (await filesystem.getFileInfo({ path: "big.txt" })) ? 1 : 0;`)).toMatchObject({ ok: true });
      let done = false;
      const victims: { ok: boolean; error?: { kind: string } }[] = [];
      const victim = (async () => {
        while (!done) {
          victims.push(await runtime.run(`await filesystem.getFileInfo({ path: "big.txt" }); return 1;`));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const hostile = await runtime.run(
        `const paths = Array.from({ length: 1500 }, () => "big.txt"); try { await filesystem.readMultipleFiles({ paths }); return "no error"; } catch (e) { return e.message; }`,
        { timeoutMs: 20_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      done = true;
      await victim;
      // The hostile call alone fails, saying why; the server stays up for everyone.
      expect(hostile).toMatchObject({ ok: true, result: expect.stringMatching(/a line of more than 16777216 characters, more than codemode takes from a server; it was dropped/) });
      expect(victims.length).toBeGreaterThan(0);
      expect(victims.filter((run) => !run.ok).map((run) => run.error?.kind)).toEqual([]);
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
