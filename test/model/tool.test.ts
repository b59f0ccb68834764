import { countTokens } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codemodeTool } from "../../src/model/tool.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";

let runtime: Runtime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ runtime, close } = await demoRuntime());
});
afterAll(() => close());

describe("the execute tool's description", () => {
  it("carries the whole API when it fits the budget", async () => {
    const tool = await codemodeTool(runtime);
    expect(tool.name).toBe("execute");
    expect(tool.description).toMatch(/^Run TypeScript against the APIs below, in a sandbox\./);
    expect(tool.description).toContain("```ts\n");
    expect(tool.description).toContain("declare namespace demo {");
    expect(tool.description).toContain(await runtime.typings().then((typings) => typings.trim()));
  });

  it("lists the namespaces, and how to find functions, over the budget", async () => {
    const tool = await codemodeTool(runtime, { maxApiTokens: 10, name: "run_code" });
    expect(tool.name).toBe("run_code");
    expect(tool.description).not.toContain("declare namespace");
    expect(tool.description).toContain("The API is too large to list here. Namespaces: demo. Find functions with the `search` tool");
    expect(countTokens(tool.description)).toBeLessThan(1000);
  });
});

describe("the execute tool's result", () => {
  it.each([
    { given: "a returned value", code: `return (await demo.echo({ text: "hi" })).text;`, text: '"hi"', isError: false },
    { given: "a returned value and logs", code: `console.log("looked"); return 1;`, text: "1\n\nlogs:\n[log] looked", isError: false },
    { given: "no returned value", code: `await demo.echo({ text: "hi" });`, text: "(no value returned)", isError: false },
    {
      given: "a type error",
      code: `return await demo.getWeather({ town: "Oslo" });`,
      text: expect.stringMatching(/^The code did not type-check; nothing ran: .*'town'.* \(line 1, column \d+\)\n/),
      isError: true,
    },
    { given: "a tool that fails, uncaught", code: `await demo.fail();`, text: "The run failed (agent): ToolError: demo.fail failed: it broke (line 1, column 1)", isError: true },
    { given: "a thrown error, after logs", code: `console.warn("about to"); throw new RangeError("nope");`, text: expect.stringMatching(/^The run failed \(\w+\): RangeError: nope.*\n\nlogs:\n\[warn\] about to$/s), isError: true },
  ])("$given", async ({ code, text, isError }) => {
    const result = await (await codemodeTool(runtime)).execute({ code });
    expect(result).toMatchObject({ text, isError, structured: { ok: !isError } });
  });

  it("reports input without code as the model's mistake, without running anything", async () => {
    const result = await (await codemodeTool(runtime)).execute({ src: "return 1" } as never);
    expect(result).toEqual({ text: "execute needs { code: string }: the TypeScript to run", isError: true, structured: { ok: false, logs: [], calls: [], error: { name: "Error", message: expect.any(String), kind: "agent" } } });
  });
});
