import { describe, expect, it } from "vitest";
import { attack, hostileRuntime, timeoutFor } from "./helpers.js";
import { eachExecutor } from "../helpers/executors.js";

/**
 * Property 5: every resource attack is contained on a busy machine. Each test asserts the
 * containment (the run ends in bounded time with a clear kind, and the runtime still answers),
 * never which of two contained outcomes won a race: a microtask flood may hit the heap before
 * the deadline, and both are contained.
 */

eachExecutor((executor) => {
  const hostile = hostileRuntime({}, executor);

  describe("resource attacks end, with a kind, and leave the host standing", () => {
    it.each([
      ["a synchronous loop", "while (true) {}", ["timeout"]],
      ["an async loop", "for (;;) await null;", ["timeout", "memory"]],
      ["a microtask flood", "const f = (): Promise<void> => Promise.resolve().then(f); f(); await new Promise(() => {});", ["timeout", "memory"]],
      ["a promise that never settles", "await new Promise(() => {});", ["timeout"]],
      ["a heap bomb", "const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5));", ["memory"]],
      ["one huge heap allocation", "new Array(2 ** 28).fill(1.5); return 1;", ["memory", "timeout"]],
      ["memory outside the heap", "const keep = []; for (let i = 0; i < 64; i++) keep.push(new Uint8Array(32 * 2 ** 20).fill(1)); return keep.length;", ["memory"]],
      ["strings that grow without end", `let s = "x"; for (;;) s += s;`, ["memory", "agent"]],
    ])("%s", async (_name, code, kinds) => {
      const run = await attack(hostile.runtime, code, { timeoutMs: timeoutFor(kinds) });
      expect(run.ok).toBe(false);
      expect(kinds).toContain(run.error!.kind);
    });

    it("deep recursion is an ordinary error of the agent's", async () => {
      const run = await attack(hostile.runtime, `const f = (n: number): number => f(n + 1) + 1; return f(0);`);
      expect(run.error).toMatchObject({ name: "RangeError", kind: "agent" });
    });

    it("an unhandled rejection, even after the run, is not an error", async () => {
      const run = await attack(hostile.runtime, `Promise.reject(new Error("ignored")); void demo.fail(); return 1;`);
      expect(run).toMatchObject({ ok: true, result: 1 });
    });

    it("a log flood is truncated", async () => {
      const run = await attack(hostile.runtime, `for (let i = 0; i < 1e6; i++) console.log("spam spam spam");`);
      expect(run.logs.map((l) => l.text).join("").length).toBeLessThan(70 * 1024);
    });
  });

  describe("traps in returned values are the agent's own errors", () => {
    it.each([
      ["a throwing getter", `return { get x() { throw new Error("gotcha"); } };`, "gotcha"],
      ["a proxy", `return new Proxy({}, { ownKeys() { throw new Error("trap"); } });`, "trap"],
      ["toJSON", `return { toJSON() { return "x".repeat(10_000_000); } };`, "limit"],
      ["a cycle", `const a: any = []; a.push(a); return a;`, "not JSON-serialisable"],
      ["a huge string", `return "y".repeat(20_000_000);`, "limit"],
    ])("%s", async (_name, code, expected) => {
      const run = await attack(hostile.runtime, code);
      expect(run.ok).toBe(false);
      expect(JSON.stringify(run.error)).toContain(expected);
    });
  });
});
