import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicTools, type AnthropicTools } from "../../src/adapters/anthropic.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";
import { SCRIPTS, scriptedFetch } from "../helpers/scripted-fetch.js";

let runtime: Runtime;
let close: () => Promise<void>;
let tools: AnthropicTools;
beforeAll(async () => {
  ({ runtime, close } = await demoRuntime());
  tools = await anthropicTools(runtime);
});
afterAll(() => close());

/** A Messages API agent loop as a user writes it: call the model, answer its tool_use blocks in one user turn, repeat. */
async function loop(client: Anthropic, prompt: string): Promise<string> {
  const messages: MessageParam[] = [{ role: "user", content: prompt }];
  for (let turn = 0; turn < 5; turn++) {
    const message = await client.messages.create({ model: "claude-test", max_tokens: 1024, messages, tools: tools.tools });
    messages.push({ role: "assistant", content: message.content });
    if (message.stop_reason !== "tool_use") return message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
    const results: ToolResultBlockParam[] = [];
    for (const block of message.content) if (block.type === "tool_use") results.push((await tools.respond(block))!);
    messages.push({ role: "user", content: results });
  }
  throw new Error("too many turns");
}

const message = (content: object[], stop_reason: string) => ({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-test",
  content,
  stop_reason,
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
});

describe("the Anthropic adapter, with the real client over a scripted fetch", () => {
  it("describes one tool with the API in its description", () => {
    expect(tools.tools).toEqual([{ name: "execute", description: expect.stringContaining("declare namespace demo"), input_schema: expect.objectContaining({ type: "object", required: ["code"] }) }]);
  });

  it.each(SCRIPTS)("$given: tool_use → tool_result → next turn", async ({ code, text, isError }) => {
    const use = { type: "tool_use", id: "toolu_1", name: "execute", input: { code } };
    const { fetch, requests } = scriptedFetch([message([{ type: "text", text: "Let me check.", citations: null }, use], "tool_use"), message([{ type: "text", text: "It is warm.", citations: null }], "end_turn")]);
    expect(await loop(new Anthropic({ apiKey: "test", fetch, maxRetries: 0 }), "Is it warm in Oslo?")).toBe("It is warm.");
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/v1/messages", "/v1/messages"]);
    expect(requests[0]!.body.tools).toEqual(tools.tools);
    const result = { type: "tool_result", tool_use_id: "toolu_1", content: text, ...(isError ? { is_error: true } : {}) };
    expect(requests[1]!.body.messages.at(-1)).toEqual({ role: "user", content: [result] });
  });

  it.each([
    { given: "another tool's use", input: {}, name: "other", want: undefined },
    { given: "input without code", input: { src: "1" }, name: "execute", want: { type: "tool_result", tool_use_id: "t", content: expect.stringContaining("execute needs { code: string }"), is_error: true } },
  ])("answers $given", async ({ name, input, want }) => {
    expect(await tools.respond({ type: "tool_use", id: "t", name, input, caller: { type: "direct" } })).toEqual(want);
  });
});
