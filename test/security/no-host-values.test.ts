import { describe, expect, it } from "vitest";
import { crawlAfter } from "./crawl.js";
import { attack, hostileRuntime } from "./helpers.js";
import { eachExecutor } from "../helpers/executors.js";

/**
 * Property 1: nothing of the host realm reaches agent code. Each scenario is a technique from
 * vm2's, isolated-vm's and SES's advisories (or found here), in several shapes; it collects what
 * it can obtain into `found`, and the crawler then checks every value reachable from those and
 * from the global: none may belong to another realm. Each scenario also proves it obtained
 * something, so a scenario that silently stopped working fails.
 */

eachExecutor((executor) => {
  const hostile = hostileRuntime({}, executor);

  async function noForeignValues(scenario: string, atLeast = 1): Promise<void> {
    const run = await attack(hostile.runtime, crawlAfter(scenario), { timeoutMs: 20_000 });
    expect(run.error, JSON.stringify(run.error)).toBeUndefined();
    const report = run.result as { foreign: string[]; visited: number; found: number };
    expect(report.foreign).toEqual([]);
    expect(report.found).toBeGreaterThanOrEqual(atLeast);
    expect(report.visited).toBeGreaterThan(100);
  }

  /** Wraps a throwing statement in the shapes agents (and attackers) write it in. */
  const shapes = (body: string): [string, string][] => [
    ["synchronously", `try { ${body} } catch (e) { found.push(e); }`],
    ["in a promise executor", `await new Promise((resolve) => { try { ${body} } catch (e) { found.push(e); } resolve(0); });`],
    ["in an async function", `await (async () => { try { ${body} } catch (e) { found.push(e); } })();`],
    ["after an await", `await null; try { ${body} } catch (e) { found.push(e); }`],
    ["in a finally block", `try { throw 1; } catch {} finally { try { ${body} } catch (e) { found.push(e); } } found.push(new Error("marker"));`],
  ];

  describe("errors Node or V8 make while formatting a stack", () => {
    const techniques: [string, string][] = [
      ["a Symbol name", `const e = new Error("x"); (e as any).name = Symbol("boom"); found.push(e); e.stack;`],
      ["a Proxy name", `const e = new Error("x"); (e as any).name = new Proxy({}, { get() { throw new Error("trap"); } }); found.push(e); e.stack;`],
      ["a Symbol message", `const e = new Error("x"); (e as any).message = Symbol("m"); found.push(e); e.stack;`],
      ["a getter that throws a Proxy", `const e = new Error("x"); Object.defineProperty(e, "name", { get() { throw new Proxy({}, {}); } }); found.push(e); e.stack;`],
      ["Error.captureStackTrace on an object", `const o: any = { name: Symbol("s") }; found.push(o); Error.captureStackTrace(o); o.stack;`],
      ["Error.captureStackTrace on a Proxy", `const p = new Proxy({}, { get(_t, k) { if (k === "name") throw new Error("trap"); return undefined; } }); Error.captureStackTrace(p); found.push((p as any).stack);`],
    ];
    for (const [technique, body] of techniques) {
      it.each(shapes(body))(`${technique}, %s`, async (_shape, scenario) => noForeignValues(scenario));
    }
  });

  describe("errors thrown where a host function runs on top of agent frames", () => {
    // As the recursion unwinds, each frame retries the action with one frame more of stack, so
    // some attempt overflows inside whatever host code the action runs: every depth is tried.
    const near = (action: string) => `
      const seen = new Set<unknown>();
      const keep = (e: unknown) => { try { if (!seen.has(e) && seen.size < 20000) { seen.add(e); found.push(e); } } catch {} };
      const unwind = (): void => { try { unwind(); } catch (e) { keep(e); } try { ${action} } catch (f) { keep(f); } };
      unwind();`;
    it.each([
      ["reading .stack", `return new Error("deep").stack;`],
      ["the host binding", `(globalThis as any).__codemodeHost("{}").catch(keep);`],
      ["console.log", `console.log("deep", { a: 1 });`],
      ["a tool call", `demo.echo({ text: "x" }).catch(keep);`],
      ["JSON.parse of a response", `JSON.parse('{"a":[1,2,3]}');`],
    ])("a stack overflow at every depth, then %s", async (_name, action) => noForeignValues(`${near(action)}\nawait new Promise((r) => r(0));`));
  });

  describe("host-made values handed back in containers", () => {
    it.each([
      ["Symbol.species on a tool call's promise", `const p: any = demo.echo({ text: "x" }); p.constructor = { [Symbol.species]: function (executor: any) { executor((v: unknown) => found.push(v), (e: unknown) => found.push(e)); } }; p.then(() => 0); await p; found.push(p);`],
      ["AggregateError of failed calls", `await Promise.any([demo.fail(), demo.fail()]).catch((e) => { found.push(e, ...e.errors); });`],
      ["allSettled results", `found.push(...(await Promise.allSettled([demo.fail(), demo.echo({ text: "x" }), demo.getWeather({ city: 3 } as any)])));`],
      ["an error's cause", `const inner = await demo.fail().catch((e) => e); found.push(new Error("outer", { cause: inner }), inner);`],
      ["tool results, structured content, resources and prompts", `found.push(await demo.getWeather({ city: "Oslo" }), await demo.echo({ text: "x" }), await demo.resources.read("demo://readme"), await demo.prompts.review({ code: "x" }));`],
      ["errors from bad arguments and unknown functions", `found.push(await demo.echo(42 as any).catch((e) => e), await demo.getWeather({} as any).catch((e) => e)); try { (demo as any).nope(); } catch (e) { found.push(e); }`],
      ["the host binding misused", `const h = (globalThis as any).__codemodeHost; for (const arg of [undefined, 1, {}, { toString() { return "{}"; } }, "{", "x".repeat(3_000_000)]) found.push(await h(arg).then((v: unknown) => v, (e: unknown) => e));`],
      ["console given traps", `const trap = new Proxy({}, { ownKeys() { throw new Error("k"); }, get() { throw new Error("g"); } }); console.log(trap, { get x() { throw new Error("x"); } }, { [Symbol.toPrimitive]() { throw new Error("p"); } }); found.push(trap);`],
      ["tool arguments with getters and toJSON", `for (const args of [{ get text() { throw new Error("g"); } }, { toJSON() { throw new Error("j"); } }, new Proxy({ text: "x" }, { ownKeys() { throw new Error("o"); } })]) found.push(await demo.echo(args as any).catch((e) => e));`],
      ["the stack formatter's call sites", `try { Object.defineProperty(Error, "prepareStackTrace", { value: (_e: unknown, sites: unknown[]) => { found.push(...sites); return ""; } }); } catch (e) { found.push(e); } try { (Error as any).prepareStackTrace = (_e: unknown, s: unknown[]) => found.push(...s); } catch (e) { found.push(e); } found.push(new Error("x").stack);`],
    ])("%s", async (_name, scenario) => noForeignValues(scenario));
  });

  describe("constructor chains end at the sandbox's own Function, which makes no code", () => {
    const PAYLOAD = `"return process.env.CODEMODE_CANARY"`;
    it.each([
      ["the global", "globalThis"],
      ["an async function", "async () => 1"],
      ["a generated function", "demo.echo"],
      ["the host binding", "(globalThis as any).__codemodeHost"],
      ["console.log", "console.log"],
      ["ToolError", "ToolError"],
      ["a promise from a tool call", "demo.echo({ text: 'x' })"],
      ["an error from a tool call", "await demo.fail().catch((e) => e)"],
    ])("through %s", async (_name, start) => {
      const run = await attack(hostile.runtime, `try { const F = (${start}).constructor.constructor; return String(F(${PAYLOAD})()); } catch (e: any) { return "blocked: " + e?.name; }`);
      expect(run).toMatchObject({ ok: true, result: "blocked: EvalError" });
    });

    it("eval, Function and every function constructor refuse strings", async () => {
      const run = await attack(hostile.runtime, `const out = []; for (const make of [() => eval("1"), () => new Function("return 1")(), () => (async function () {}).constructor("return 1"), () => (function* () {}).constructor("yield 1"), () => (async function* () {}).constructor("yield 1")]) { try { make(); out.push("made code"); } catch (e: any) { out.push(e.name); } } return out;`);
      expect(run.result).toEqual(Array(5).fill("EvalError"));
    });
  });

  describe("paths to Node's uncaught-exception handler", () => {
    it("has no FinalizationRegistry, WeakRef, WebAssembly, SharedArrayBuffer, Atomics, process, require or timers", async () => {
      const run = await attack(hostile.runtime, `return ["FinalizationRegistry", "WeakRef", "WebAssembly", "SharedArrayBuffer", "Atomics", "process", "require", "module", "Buffer", "setTimeout", "queueMicrotask", "fetch", "structuredClone"].map((n) => typeof (globalThis as any)[n]);`);
      expect(run.result).toEqual(Array(13).fill("undefined"));
    });

    it.each([
      ["closing the wrapper and throwing at the top level", `}); throw { get message() { throw new Error("m"); } }; (async () => {`],
      ["closing the wrapper and returning", `}); (async () => {\nreturn 7;`],
      ["throwing a Proxy with traps", `throw new Proxy({}, { get() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("proto"); } });`],
      ["throwing from a then callback nobody awaits", `Promise.resolve().then(() => { throw new Proxy({}, { get() { throw new Error("t"); } }); }); return 1;`],
    ])("%s stays an ordinary outcome of that run", async (_name, code) => {
      const run = await attack(hostile.runtime, code);
      expect(["agent", undefined]).toContain(run.error?.kind);
    });

    it.each([
      ["import()", `const m = await import("node:fs"); return typeof m;`],
      ["import() behind a comment", `const m = await import /* x */ ("node:fs"); return typeof m;`],
      ["import() across lines", `const m = await import\n("node:fs");`],
      // A syntax error in Node's function body, an object under workerd: refused alike on both.
      ["import.meta", `return typeof import.meta;`],
      ["import.meta behind a comment, typed", `const m: unknown = import /* x */ .meta; return typeof m;`],
    ])("%s is refused before the code runs", async (_name, code) => {
      const run = await attack(hostile.runtime, code);
      expect(run.error).toMatchObject({ name: "SyntaxError", kind: "syntax" });
    });
  });
});
