import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";
import { eachExecutor } from "../helpers/executors.js";

/** Every guarantee here holds for both executors. */
eachExecutor((executor) => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ runtime, close } = await demoRuntime({}, {}, { executor }));
  });
  afterAll(() => close());

  describe("running agent code", () => {
    it("returns the value, the calls and the time", async () => {
      const run = await runtime.run(`const w = await demo.getWeather({ city: "Oslo" });\nreturn { city: w.city, warm: w.temperature > 15 };`);
      expect(run).toMatchObject({ ok: true, result: { city: "Oslo", warm: true } });
      expect(run.calls).toEqual([expect.objectContaining({ server: "demo", tool: "get-weather", kind: "tool", ok: true })]);
      expect(run.durationMs).toBeGreaterThan(0);
    });

    it("accepts TypeScript, with top-level await and return", async () => {
      const code = `interface Reply { text: string }\nconst r: Reply = await demo.echo({ text: "hi" } satisfies { text: string });\nreturn r.text as string;`;
      expect(await runtime.run(code)).toMatchObject({ ok: true, result: "hi" });
    });

    it("returns undefined when the code returns nothing", async () => {
      expect(await runtime.run("const x = 1;")).toMatchObject({ ok: true, result: undefined });
    });

    it("captures console output by level, objects formatted, not [object Object]", async () => {
      const run = await runtime.run(`console.log("a", { b: [1, "c"] }); console.warn(new Error("w")); console.error(null, 2n); const c: any = {}; c.self = c; console.info(c); console.debug(() => 1);`);
      expect(run.logs).toEqual([
        { level: "log", text: 'a { b: [1, "c"] }' },
        { level: "warn", text: "Error: w" },
        { level: "error", text: "null 2n" },
        { level: "info", text: "{ self: [Circular] }" },
        { level: "debug", text: "[Function anonymous]" },
      ]);
    });

    it("caps the log, with a truncation marker", async () => {
      const run = await runtime.run(`for (let i = 0; i < 10000; i++) console.log("x".repeat(100));`, { maxLogBytes: 1000 });
      expect(run.ok).toBe(true);
      const text = run.logs.map((l) => l.text).join("");
      expect(text.length).toBeLessThan(1100);
      expect(text).toContain("[log truncated]");
    });

    it("runs calls made together concurrently", async () => {
      const run = await runtime.run(`return (await Promise.all(Array.from({ length: 10 }, (_, id) => demo.slow({ id })))).map((r) => r.text);`);
      expect(run.result).toHaveLength(10);
      expect(run.calls).toHaveLength(10);
      // Ten 100 ms calls one after another would take a second.
      expect(run.durationMs).toBeLessThan(700);
    });

    it("reads resources and templates and gets prompts", async () => {
      const run = await runtime.run(`return [(await demo.resources.read("demo://readme")).text, (await demo.resources.note({ id: 3 })).text, (await demo.prompts.review({ code: "x" })).messages.length];`);
      expect(run.result).toEqual(["Read me.", "note 3", 1]);
    });
  });

  describe("type-checked before it runs", () => {
    it("a type error ends the run before any call, on the agent's line, with the expected signature", async () => {
      const run = await runtime.run(`await demo.echo({ text: "a" });\nconst w = await demo.getWeather({ city: "Oslo", unit: "c" });\nconst n: string = w.temperature;`);
      expect(run).toMatchObject({ ok: false, calls: [], error: { name: "TypeError", kind: "type", line: 2 } });
      expect(run.error!.message).toContain("'unit' does not exist in type");
      expect(run.error!.message).toContain("(and 1 more)");
      expect(run.error!.diagnostics).toEqual([
        expect.objectContaining({ line: 2, message: expect.stringContaining('expected: demo.getWeather(input: { city: string; units?: "c" | "f" })') }),
        expect.objectContaining({ line: 3, code: 2322 }),
      ]);
      expect(run.error!.hint).toContain('2 | const w = await demo.getWeather({ city: "Oslo", unit: "c" });');
    });

    it("names that do not exist are type errors that name what exists", async () => {
      const run = await runtime.run(`await dmeo.echo({ text: "x" });`);
      expect(run.error).toMatchObject({ kind: "type", message: "Cannot find name 'dmeo'.", line: 1, column: 7 });
      expect(run.error!.hint).toMatch(/^did you mean demo\? the namespaces are: demo\n/);
      const fn = await runtime.run(`await demo.getWether({ city: "x" });`);
      expect(fn.error).toMatchObject({ kind: "type", message: expect.stringContaining("Did you mean 'getWeather'?") });
    });

    it.each([
      ["an array typed by what is pushed", "const list = []; list.push(1); list.push(2); return list.length;", 2],
      ["a function without annotations", "function double(x) { return x * 2; } return double(21);", 42],
      ["a string key into an object", 'const counts = { a: 1 }; const key = "a" as string; return counts[key];', 1],
      ["a variable assigned later", "let v; v = 3; return v;", 3],
    ])("the check passes JavaScript that runs: %s", async (_, code, result) => {
      expect(await runtime.check(code)).toEqual([]);
      expect(await runtime.run(code)).toMatchObject({ ok: true, result });
    });

    it("check() reports without running; typecheck: false runs anyway", async () => {
      expect(await runtime.check(`const x: string = 1;\nreturn x;`)).toEqual([expect.objectContaining({ line: 1, column: 7, code: 2322 })]);
      expect(await runtime.check(`const r = await demo.echo({ text: "x" });\nreturn r.text.length;`)).toEqual([]);
      expect(await runtime.run(`const x: string = 1 as any;\nreturn x;`)).toMatchObject({ ok: true, result: 1 });
      expect(await runtime.run(`const x: string = 1;\nreturn x;`, { typecheck: false })).toMatchObject({ ok: true, result: 1 });
    });
  });

  describe("errors a model can act on", () => {
    it("a tool's isError throws a ToolError carrying server, tool and message", async () => {
      const run = await runtime.run(`try { await demo.fail(); } catch (e) { return [e instanceof ToolError, e.server, e.tool, e.message]; }`);
      expect(run.result).toEqual([true, "demo", "fail", "demo.fail failed: it broke"]);
      const uncaught = await runtime.run(`\nawait demo.fail();`);
      expect(uncaught.error).toMatchObject({ name: "ToolError", message: "demo.fail failed: it broke", line: 2 });
    });

    it("arguments are checked on the host against the schema before any call", async () => {
      const run = await runtime.run(`await demo.getWeather({ city: 3, units: "k", extra: true } as any);`);
      expect(run.ok).toBe(false);
      expect(run.error!.message).toContain("invalid arguments for demo.get-weather");
      expect(run.error!.message).toContain("/city: must be string");
      expect(run.calls[0]).toMatchObject({ ok: false });
      const caught = await runtime.run(`try { await demo.getWeather({ city: 3 } as any); } catch (e) { return [e instanceof ToolError, e.server, e.tool]; }`);
      expect(caught.result).toEqual([true, "demo", "get-weather"]);
    });

    it("a syntax error gives line, column and a code frame", async () => {
      const run = await runtime.run(`const a = 1;\nconst b = ;\nreturn b;`);
      expect(run.error).toMatchObject({ name: "SyntaxError", kind: "syntax", line: 2, column: 11 });
      expect(run.error!.hint).toContain("2 | const b = ;");
    });

    it("a runtime error points at the agent's own line, through the TypeScript it wrote", async () => {
      const run = await runtime.run(`type T = { a: string };\n\n// a comment\nconst t: T = { a: "x" };\nnull!.boom;`);
      expect(run.error).toMatchObject({ name: "TypeError", line: 5 });
    });

    it("an unknown namespace or function names the ones that exist (unchecked code)", async () => {
      const namespace = await runtime.run(`await dmeo.echo({ text: "x" });`, { typecheck: false });
      expect(namespace.error).toMatchObject({ name: "ReferenceError", message: "dmeo is not defined" });
      expect(namespace.error!.hint).toBe("did you mean demo? the namespaces are: demo");
      const fn = await runtime.run(`await demo.getWether({ city: "x" });`, { typecheck: false });
      expect(fn.error!.hint).toMatch(/^did you mean demo\.getWeather\? demo has: addNotes, echo, fail, getWeather, slow/);
    });

    it("a value that is not JSON-serialisable is a clear error, not a crash", async () => {
      const cyclic = await runtime.run(`const a: any = {}; a.a = a; return a;`);
      expect(cyclic.error).toMatchObject({ name: "TypeError", message: expect.stringContaining("not JSON-serialisable") });
      const bigint = await runtime.run(`return 1n;`);
      expect(bigint.error!.message).toContain("not JSON-serialisable");
    });

    it("limits tool calls per run", async () => {
      const run = await runtime.run(`for (let i = 0; i < 5; i++) await demo.echo({ text: String(i) });`, { maxToolCalls: 3 });
      expect(run.error!.message).toContain("tool call limit reached");
      expect(run.calls).toHaveLength(3);
    });

    it("limits argument and result size", async () => {
      const big = await runtime.run(`await demo.echo({ text: "x".repeat(5000) });`, { maxArgumentBytes: 1000 });
      expect(big.error!.message).toContain("the limit is 1000");
      const result = await runtime.run(`return "x".repeat(5000);`, { maxResultBytes: 1000 });
      expect(result.error).toMatchObject({ kind: "limit", message: expect.stringContaining("the limit is 1000") });
    });
  });
});
