import { describe, expect, it } from "vitest";
import { isolationLevel } from "../../src/runtime/isolation.js";
import { demoRuntime } from "../helpers/runtime.js";
import { cliWith } from "../helpers/project.js";

/**
 * Degrading loudly: every isolation level runs agent code, a runtime below "jail" warns, one
 * below its `minIsolation` refuses to start, and `codemode doctor` says which layers hold.
 */
const forced = (level: string) => ({ ...process.env, CODEMODE_ISOLATION: level });

describe("every isolation level runs agent code", () => {
  it.each(["jail", "namespaces", "process"])("%s", async (level) => {
    if (level !== "process" && (await isolationLevel()) === "process") return;
    if (level === "jail" && (await isolationLevel()) !== "jail") return;
    const warnings: string[] = [];
    const { runtime, close } = await demoRuntime({}, {}, { env: forced(level), onWarning: (w) => warnings.push(w) });
    try {
      expect(runtime.isolation).toBe(level);
      expect(await runtime.run(`return (await demo.echo({ text: "hi" })).text;`)).toMatchObject({ ok: true, result: "hi" });
      if (level === "jail") expect(warnings).toEqual([]);
      else expect(warnings).toEqual([expect.stringContaining(`sandbox isolation is "${level}"`)]);
    } finally {
      await close();
    }
  });

  it("minIsolation refuses a weaker level, naming both", async () => {
    await expect(demoRuntime({}, {}, { env: forced("process"), minIsolation: "jail", onWarning: () => {} })).rejects.toThrow('this machine allows sandbox isolation "process", weaker than the required "jail"');
  });
});

describe("codemode doctor", () => {
  it("lists every layer; exit 0 only when all hold", async () => {
    const here = await cliWith({ interactive: false }, process.cwd(), "doctor");
    const level = await isolationLevel();
    expect(here.stdout).toContain(`isolation: ${level}`);
    expect(here.code).toBe(level === "jail" ? 0 : 1);
    const weak = await cliWith({ interactive: false, env: { CODEMODE_ISOLATION: "process" } }, process.cwd(), "doctor");
    expect(weak.code).toBe(1);
    expect(weak.stdout).toContain("✗ network namespace: unavailable");
    expect(weak.stdout).toContain("✗ private root");
    expect(weak.stdout).toContain("✓ Node's permission model");
    expect(weak.stdout).toContain("isolation: process (weaker than the strongest (jail)");
    const json = JSON.parse((await cliWith({ interactive: false }, process.cwd(), "doctor", "--json")).stdout);
    expect(json).toMatchObject({ level, layers: expect.arrayContaining([expect.objectContaining({ name: "one process per run", holds: true })]) });
  });
});
