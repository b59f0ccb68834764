import { generateText, isStepCount } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiSdkTools } from "../../src/adapters/ai-sdk.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";

let runtime: Runtime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ runtime, close } = await demoRuntime());
});
afterAll(() => close());

/** One scripted turn of the mock model (the provider package's type, reached through \`ai/test\`). */
type LanguageModelV4GenerateResult = Extract<NonNullable<ConstructorParameters<typeof MockLanguageModelV4>[0]>["doGenerate"], { content: unknown }>;

const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };

/** A scripted model turn: a call of the execute tool with this code. */
function callExecute(code: string): LanguageModelV4GenerateResult {
  const call = { type: "tool-call", toolCallId: "call-1", toolName: "execute", input: JSON.stringify({ code }) } as const;
  return { content: [call], finishReason: { unified: "tool-calls", raw: "tool_use" }, usage, warnings: [] };
}

/** A scripted model turn: the final answer. */
function answer(text: string): LanguageModelV4GenerateResult {
  return { content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
}

/** The tool result the model was sent on its second turn. */
function toolResultSent(model: MockLanguageModelV4): unknown {
  const second = model.doGenerateCalls[1]!.prompt;
  return second.flatMap((message) => (message.role === "tool" ? message.content : [])).find((part) => part.type === "tool-result");
}

describe("the AI SDK adapter, driven by the AI SDK's mock model through generateText", () => {
  it("offers one execute tool whose description carries the API", async () => {
    const model = new MockLanguageModelV4({ doGenerate: answer("hi") });
    await generateText({ model, tools: await aiSdkTools(runtime), prompt: "hi" });
    const [tool] = model.doGenerateCalls[0]!.tools!;
    expect(tool).toMatchObject({ type: "function", name: "execute", inputSchema: { required: ["code"] } });
    expect(tool).toHaveProperty("description", expect.stringContaining("function getWeather(input: GetWeatherInput)"));
  });

  it.each([
    {
      given: "code that calls a tool",
      code: `const w = await demo.getWeather({ city: "Oslo" });\nreturn { city: w.city, warm: w.temperature > 15 };`,
      want: { type: "text", value: JSON.stringify({ city: "Oslo", warm: true }, null, 2) },
      ok: true,
    },
    {
      given: "code with a type error",
      code: `return await demo.getWeather({ town: "Oslo" });`,
      want: { type: "error-text", value: expect.stringMatching(/^The code did not type-check; nothing ran: .*'town'/) },
      ok: false,
    },
  ])("$given: call → result → next turn, the result in the second prompt", async ({ code, want, ok }) => {
    const model = new MockLanguageModelV4({ doGenerate: [callExecute(code), answer("Done.")] });
    const { text, steps } = await generateText({ model, tools: await aiSdkTools(runtime), stopWhen: isStepCount(3), prompt: "Is it warm in Oslo?" });
    expect(text).toBe("Done.");
    expect(steps).toHaveLength(2);
    expect(toolResultSent(model)).toMatchObject({ type: "tool-result", toolCallId: "call-1", toolName: "execute", output: want });
    // The host keeps the whole outcome, typed.
    const [result] = steps[0]!.toolResults;
    expect(result?.dynamic).toBeFalsy();
    if (!result?.dynamic) expect(result?.output.structured).toMatchObject({ ok });
  });

  it("takes the tool's name from the options", async () => {
    const tools = await aiSdkTools(runtime, { name: "run_code" });
    expect(Object.keys(tools)).toEqual(["run_code"]);
    expect(tools.run_code.description).toContain("Run TypeScript");
  });
});
