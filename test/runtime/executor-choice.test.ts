import { describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { executorName } from "../../src/runtime/create-executor.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { workerdMissing } from "../../src/runtime/workerd/locate.js";
import { workerdAvailable } from "../helpers/executors.js";
import { demoRuntime } from "../helpers/runtime.js";

describe("choosing an executor", () => {
  it("an unknown name is a usage error that lists the executors", async () => {
    expect(() => executorName("deno", "--executor")).toThrow('--executor: unknown executor "deno"; the executors are node, workerd');
    await expect(createRuntime({ config: { servers: {} }, executor: "bun" as never })).rejects.toThrow("the executors are node, workerd");
    expect(() => executorName("wokerd", "--executor")).toThrow('--executor: unknown executor "wokerd"; did you mean workerd? the executors are node, workerd');
  });

  it("the config's executor key is checked, and taken when no option overrides it", async () => {
    expect(() => configFromObject({ servers: {}, executor: "deno" } as never, process.cwd())).toThrow(/problem/);
    try {
      configFromObject({ servers: {}, executor: "deno" } as never, process.cwd());
    } catch (error) {
      expect((error as { problems: string[] }).problems.join("\n")).toContain('executor: must be one of "node", "workerd"');
    }
    let misspelt: unknown;
    try {
      configFromObject({ servers: {}, executor: "Node" } as never, process.cwd());
    } catch (error) {
      misspelt = error;
    }
    expect((misspelt as { problems: string[] }).problems.join("\n")).toContain('executor: must be one of "node", "workerd"; did you mean "node"?');
    expect(configFromObject({ servers: {}, executor: "workerd" }, process.cwd()).executor).toBe("workerd");
    expect(configFromObject({ servers: {} }, process.cwd()).executor).toBeUndefined();
  });

  it("without workerd, the error says how to install it", () => {
    const error = workerdMissing("the workerd package is not installed");
    expect(error.message).toBe("the workerd executor is not available (the workerd package is not installed): npm install workerd");
    expect(error.code).toBe("USAGE");
  });

  it.skipIf(!workerdAvailable)("node is the default; workerd when asked for", async () => {
    for (const executor of [undefined, "workerd"] as const) {
      const { runtime, close } = await demoRuntime({ typecheck: false }, {}, executor ? { executor } : {});
      try {
        expect(runtime.executor).toBe(executor ?? "node");
        expect(await runtime.run("return 6 * 7")).toMatchObject({ ok: true, result: 42 });
      } finally {
        await close();
      }
    }
  });
});
