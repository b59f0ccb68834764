import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime, RunResult } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";

/**
 * Escape attempts and resource attacks. Each must fail to read the host's environment, write a
 * file, open a socket or reach a binding's internals; the host stays responsive and every run
 * ends within its timeout plus a margin.
 */
const SECRET = "codemode-canary-7f3a";
const MARKER = path.join(os.tmpdir(), `codemode-escaped-${process.pid}`);
let runtime: Runtime;
let close: () => Promise<void>;

beforeAll(async () => {
  process.env.CODEMODE_CANARY = SECRET;
  ({ runtime, close } = await demoRuntime({ timeoutMs: 2000 }));
});
afterAll(async () => {
  delete process.env.CODEMODE_CANARY;
  await close();
});

/** What an escaped agent would do with a host `Function`: read the secret, write the marker. */
const PAYLOAD = `"const p = (typeof process !== 'undefined' ? process : globalThis.process); try { p.getBuiltinModule?.('fs')?.writeFileSync('${MARKER}', 'x'); } catch {} return p.env.CODEMODE_CANARY"`;

async function attack(code: string, timeoutMs = 2000): Promise<RunResult> {
  const started = Date.now();
  const run = await runtime.run(code, { timeoutMs });
  expect(Date.now() - started, "ended within timeout plus margin").toBeLessThan(timeoutMs + 1500);
  expect(JSON.stringify(run)).not.toContain(SECRET);
  expect(existsSync(MARKER)).toBe(false);
  // The host is alive and the sandbox still works.
  expect(await runtime.run("return 40 + 2")).toMatchObject({ ok: true, result: 42 });
  return run;
}

/** Tries `start.constructor.constructor(PAYLOAD)()` and reports what happened, inside the sandbox. */
const viaConstructor = (start: string) =>
  `try { const F = (${start}).constructor.constructor; return String(F(${PAYLOAD})()); } catch (e) { return "blocked: " + e?.name; }`;

describe("escapes through constructor chains", () => {
  it.each([
    ["the global", "globalThis"],
    ["a plain function", "() => 1"],
    ["an async function", "async () => 1"],
    ["the namespace", "demo"],
    ["a generated function", "demo.echo"],
    ["the host binding", "globalThis.__codemodeHost"],
    ["console", "console.log"],
    ["ToolError", "ToolError"],
    ["a promise from a tool call", "demo.echo({ text: 'x' })"],
    ["an error from a tool call", "await demo.fail().catch((e) => e)"],
    ["an error from bad arguments", "await demo.echo(42 as any).catch((e) => e)"],
    ["a rejected host request", "await globalThis.__codemodeHost('{').then((r) => r)"],
  ])("through %s", async (_name, start) => {
    const run = await attack(viaConstructor(start));
    // The sandbox realm's own Function: code generation from strings is off there.
    expect(run).toMatchObject({ ok: true, result: "blocked: EvalError" });
  });

  it("has no process, require, module or Node globals", async () => {
    const run = await attack(`return [typeof process, typeof require, typeof module, typeof Buffer, typeof setTimeout, typeof fetch, typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics];`);
    expect(run.result).toEqual(Array(9).fill("undefined"));
  });

  it("refuses import() before the code runs", async () => {
    const run = await attack(`const m = await import("node:fs"); return typeof m;`);
    expect(run.error).toMatchObject({ name: "SyntaxError", kind: "syntax" });
  });

  it("cannot generate code from strings: eval and Function", async () => {
    const run = await attack(`try { return eval("1 + 1"); } catch (e) { try { return new Function("return 1")(); } catch (f) { return [e.name, f.name]; } }`);
    expect(run.result).toEqual(["EvalError", "EvalError"]);
  });
});

describe("escapes through the stack machinery", () => {
  it("cannot install Error.prepareStackTrace to receive host call sites", async () => {
    const run = await attack(`
      let sites: any;
      try { (Error as any).prepareStackTrace = (_: unknown, s: unknown) => (sites = s); } catch {}
      try { Object.defineProperty(Error, "prepareStackTrace", { value: (_: unknown, s: unknown) => (sites = s) }); } catch {}
      try { (globalThis as any).Error = { prepareStackTrace: (_: unknown, s: unknown) => (sites = s) }; } catch {}
      const stack = new Error("x").stack;
      if (sites) { try { return String(sites[0].getFunction().constructor(${PAYLOAD})()); } catch (e) { return "sites but blocked"; } }
      return typeof stack;`);
    expect(run).toMatchObject({ ok: true, result: "string" });
  });

  it("a stack overflow at the binding does not hand a host error to the agent", async () => {
    const run = await attack(`
      let caught: any;
      const dive = (n: number): void => { try { dive(n + 1); } catch { try { (globalThis as any).__codemodeHost("{}").catch((e: any) => (caught = caught ?? e)); } catch (e) { caught = caught ?? e; } } };
      dive(0);
      await new Promise((r) => r(undefined));
      try { return caught ? String(caught.constructor.constructor(${PAYLOAD})()) : "nothing caught"; } catch (e: any) { return "blocked: " + e.name; }`);
    expect(run.ok).toBe(true);
    expect(["nothing caught", "blocked: EvalError"]).toContain(run.result);
  });
});

describe("traps in returned values", () => {
  it.each([
    ["a throwing getter", `return { get x() { throw new Error("gotcha"); } };`, "gotcha"],
    ["a proxy", `return new Proxy({}, { ownKeys() { throw new Error("trap"); } });`, "trap"],
    ["toJSON", `return { toJSON() { return "x".repeat(10_000_000); } };`, "limit"],
    ["a cycle", `const a: any = []; a.push(a); return a;`, "not JSON-serialisable"],
    ["a huge string", `return "y".repeat(20_000_000);`, "limit"],
  ])("%s", async (_name, code, expected) => {
    const run = await attack(code);
    expect(run.ok).toBe(false);
    expect(JSON.stringify(run.error)).toContain(expected);
  });
});

describe("prototype pollution", () => {
  it("does not cross runs or realms", async () => {
    await attack(`(Object.prototype as any).polluted = "yes"; (Array.prototype as any).push = () => 0; return 1;`);
    const next = await attack(`return [({} as any).polluted ?? "clean", [1].push(2)];`);
    expect(next.result).toEqual(["clean", 2]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("resource attacks end on time and leave the host standing", () => {
  it.each([
    ["a synchronous loop", "while (true) {}", "timeout"],
    ["an async loop", "for (;;) await null;", "timeout"],
    ["a microtask flood", "const f = (): Promise<void> => Promise.resolve().then(f); f(); await new Promise(() => {});", "timeout"],
    ["a promise that never settles", "await new Promise(() => {});", "timeout"],
  ])("%s", async (_name, code, kind) => {
    const run = await attack(code, 800);
    expect(run.error).toMatchObject({ kind });
  });

  it("an unhandled rejection, even after the run, does not break the sandbox", async () => {
    const run = await attack(`Promise.reject(new Error("ignored")); void demo.fail(); return 1;`);
    expect(run).toMatchObject({ ok: true, result: 1 });
    for (let i = 0; i < 3; i++) expect(await runtime.run("return 2")).toMatchObject({ ok: true, result: 2 });
  });

  it("deep recursion is an ordinary error", async () => {
    const run = await attack(`const f = (n: number): number => f(n + 1) + 1; return f(0);`);
    expect(run.error).toMatchObject({ name: "RangeError", kind: "agent" });
  });

  it("a heap bomb that aborts V8 takes down the sandbox process, not the host", async () => {
    const run = await attack(`new Array(2 ** 28).fill(1.5); return 1;`, 8000);
    expect(run.ok).toBe(false);
    expect(["memory", "crash"]).toContain(run.error!.kind);
  });

  it("memory outside the heap is watched too", async () => {
    const run = await attack(`const keep = []; for (let i = 0; i < 64; i++) keep.push(new Uint8Array(32 * 2 ** 20).fill(1)); return keep.length;`, 8000);
    expect(run.error).toMatchObject({ kind: "memory" });
  });

  it("a call flood stops at the call limit", async () => {
    const run = await attack(`await Promise.all(Array.from({ length: 5000 }, () => demo.echo({ text: "x" })));`);
    expect(run.error!.message).toContain("tool call limit reached");
    expect(run.calls.length).toBeLessThanOrEqual(200);
  });

  it("a log flood is truncated", async () => {
    const run = await attack(`for (let i = 0; i < 1e6; i++) console.log("spam spam spam");`);
    expect(run.logs.map((l) => l.text).join("").length).toBeLessThan(70 * 1024);
  });
});
