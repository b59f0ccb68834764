import { describe, expect, it } from "vitest";
import { demoRuntime } from "../helpers/runtime.js";
import { typeBomb } from "../helpers/type-bomb.js";

describe("one run's type check cannot fail another's", () => {
  it("a check stopped at its run's timeout does not leave a concurrent run's check waiting on the dead thread", async () => {
    const { runtime, close } = await demoRuntime({ typecheck: true });
    try {
      await runtime.run("return 1");
      const hostile = runtime.run(typeBomb(400), { timeoutMs: 1500 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const innocent = runtime.run("const a: number = 41; return a + 1;", { timeoutMs: 20_000 });
      expect(await hostile).toMatchObject({ ok: false, error: { kind: "limit" } });
      expect(await innocent).toMatchObject({ ok: true, result: 42 });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await close();
    }
  });

  it("code that closes its wrapper cannot augment the globals of later checks, nor make the checker read a host file", async () => {
    const { runtime, close } = await demoRuntime({ typecheck: true });
    try {
      const escape = "return 1;\n}\ndeclare global { interface Array<T> { evil: number } var evilGlobal: number; }\nimport x from '/etc/passwd';\ntype Q = typeof import('" + process.cwd() + "/package.json');\nasync function f() {";
      const hostile = await runtime.check(escape);
      expect(hostile.map((d) => d.code)).toEqual([2307, 2307]);
      const after = await runtime.check("const z: number = ([1] as number[]).evil; const g: number = evilGlobal; return 1;");
      expect(after.map((d) => d.code)).toEqual([2339, 2304]);
    } finally {
      await close();
    }
  });

  it("a run with a long timeout and a costly check holds a concurrent run's check back for at most a check's limit (10 s), not its whole timeout", async () => {
    const { runtime, close } = await demoRuntime({ typecheck: true });
    try {
      await runtime.run("return 1");
      const hostile = runtime.run(typeBomb(400), { timeoutMs: 120_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const innocent = runtime.run("const a: number = 41; return a + 1;", { timeoutMs: 60_000 });
      expect(await innocent).toMatchObject({ ok: true, result: 42 });
      // The hostile check's 10 s, a new thread's start and the check, with room for a busy machine.
      expect(Date.now() - started).toBeLessThan(40_000);
      expect(await hostile).toMatchObject({ ok: false, error: { kind: "limit" } });
    } finally {
      await close();
    }
  }, 90_000);
});
