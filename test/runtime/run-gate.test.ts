import { describe, expect, it } from "vitest";
import { RunGate } from "../../src/runtime/run-gate.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";

describe("the cap on runs at once", () => {
  it("lets `limit` runs in, the next ones in the order they came, each turn ended once", async () => {
    const gate = new RunGate(2);
    const first = (await gate.enter(10_000))!;
    const second = (await gate.enter(10_000))!;
    const order: string[] = [];
    const third = gate.enter(10_000).then((end) => (order.push("third"), end!));
    const fourth = gate.enter(10_000).then((end) => (order.push("fourth"), end!));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    first();
    first(); // a second end of the same turn frees nothing more
    await third;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["third"]);
    second();
    (await fourth)();
    (await third)();
    // All four turns ended: two enter at once again, and a third waits.
    const again = [(await gate.enter(10_000))!, (await gate.enter(10_000))!];
    expect(await gate.enter(30)).toBeUndefined();
    for (const end of again) end();
  });

  it("a run that waits past its wait does not start later, nor keep a turn", async () => {
    const gate = new RunGate(1);
    const holder = (await gate.enter(10_000))!;
    expect(await gate.enter(20)).toBeUndefined();
    holder();
    const next = await gate.enter(20);
    expect(next).toBeTypeOf("function");
    next!();
  });

  it("a runtime with maxConcurrentRuns 1 runs one run at a time; a run not started within its timeout fails as kind limit, having called nothing", async () => {
    const started: string[] = [];
    const { runtime, close } = await demoRuntime({ typecheck: false }, { onCall: (tool) => started.push(tool) }, { maxConcurrentRuns: 1, warmSandboxes: 2 });
    try {
      const long = runtime.run(`for (let id = 0; id < 3; id++) await demo.slow({ id }); return "long";`);
      const late = runtime.run(`await demo.echo({ text: "late" }); return "late";`, { timeoutMs: 50 });
      const after = runtime.run(`await demo.echo({ text: "after" }); return "after";`);
      const lateResult = await late;
      expect(lateResult).toMatchObject({ ok: false, calls: [], error: { kind: "limit", message: expect.stringMatching(/running 1 runs at once \(its maxConcurrentRuns\) for all of this run's 50 ms timeout, so it did not start; nothing ran/) } });
      expect(await long).toMatchObject({ ok: true, result: "long" });
      expect(await after).toMatchObject({ ok: true, result: "after" });
      // The queued run's call came only after the first run's three.
      expect(started).toEqual(["slow", "slow", "slow", "echo"]);
    } finally {
      await close();
    }
  });

  it("refuses a cap that is not a positive integer", async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(createRuntime({ config: { outDir: "examples/generated", servers: {} }, maxConcurrentRuns: bad })).rejects.toThrow(/maxConcurrentRuns must be a positive integer/);
    }
  });
});
