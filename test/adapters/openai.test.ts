import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ResponseInputItem } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiTools, type OpenAITools } from "../../src/adapters/openai.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";
import { SCRIPTS, scriptedFetch } from "../helpers/scripted-fetch.js";

let runtime: Runtime;
let close: () => Promise<void>;
let tools: OpenAITools;
beforeAll(async () => {
  ({ runtime, close } = await demoRuntime());
  tools = await openaiTools(runtime);
});
afterAll(() => close());

/** A Chat Completions agent loop as a user writes it: call the model, answer its tool calls, repeat. */
async function chatLoop(client: OpenAI, prompt: string): Promise<string | null> {
  const messages: ChatCompletionMessageParam[] = [{ role: "user", content: prompt }];
  for (let turn = 0; turn < 5; turn++) {
    const completion = await client.chat.completions.create({ model: "gpt-test", messages, tools: tools.chat });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content;
    for (const call of message.tool_calls) messages.push((await tools.respond(call))!);
  }
  throw new Error("too many turns");
}

/** A Responses agent loop: the conversation lives on the server, each turn sends the outputs of the calls. */
async function responsesLoop(client: OpenAI, prompt: string): Promise<string> {
  let response = await client.responses.create({ model: "gpt-test", input: prompt, tools: tools.responses });
  for (let turn = 0; turn < 5; turn++) {
    const outputs: ResponseInputItem[] = [];
    for (const item of response.output) if (item.type === "function_call") outputs.push((await tools.respond(item))!);
    if (!outputs.length) return response.output_text;
    response = await client.responses.create({ model: "gpt-test", previous_response_id: response.id, input: outputs, tools: tools.responses });
  }
  throw new Error("too many turns");
}

const completion = (message: object, finish_reason: string) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 0,
  model: "gpt-test",
  choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, ...message }, finish_reason, logprobs: null }],
});

const response = (id: string, output: object[]) => ({ id, object: "response", created_at: 0, model: "gpt-test", status: "completed", output });

describe("the OpenAI adapter, with the real client over a scripted fetch", () => {
  it("describes one strict function tool for each API", () => {
    expect(tools.chat).toEqual([{ type: "function", function: { name: "execute", description: expect.stringContaining("declare namespace demo"), parameters: expect.objectContaining({ required: ["code"], additionalProperties: false }), strict: true } }]);
    expect(tools.responses).toEqual([{ type: "function", name: "execute", description: tools.chat[0]!.function.description, parameters: tools.chat[0]!.function.parameters, strict: true }]);
  });

  it.each(SCRIPTS)("Chat Completions, $given: call → tool message → next turn", async ({ code, text }) => {
    const call = { id: "call_1", type: "function", function: { name: "execute", arguments: JSON.stringify({ code }) } };
    const { fetch, requests } = scriptedFetch([completion({ tool_calls: [call] }, "tool_calls"), completion({ content: "It is warm." }, "stop")]);
    expect(await chatLoop(new OpenAI({ apiKey: "test", fetch, maxRetries: 0 }), "Is it warm in Oslo?")).toBe("It is warm.");
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/v1/chat/completions", "/v1/chat/completions"]);
    expect(requests[0]!.body.tools).toEqual(tools.chat);
    expect(requests[1]!.body.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_1", content: text });
  });

  it.each(SCRIPTS)("Responses, $given: function_call → function_call_output → next turn", async ({ code, text }) => {
    const call = { type: "function_call", id: "fc_1", call_id: "call_1", name: "execute", arguments: JSON.stringify({ code }), status: "completed" };
    const answer = { type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "It is warm.", annotations: [] }] };
    const { fetch, requests } = scriptedFetch([response("resp_1", [call]), response("resp_2", [answer])]);
    expect(await responsesLoop(new OpenAI({ apiKey: "test", fetch, maxRetries: 0 }), "Is it warm in Oslo?")).toBe("It is warm.");
    expect(requests[1]!.body).toMatchObject({ previous_response_id: "resp_1", input: [{ type: "function_call_output", call_id: "call_1", output: text }] });
  });

  it.each([
    { given: "another tool's call", call: { id: "c", type: "function", function: { name: "other", arguments: "{}" } } as const, want: undefined },
    { given: "a custom tool's call", call: { id: "c", type: "custom", custom: { name: "execute", input: "x" } } as const, want: undefined },
    { given: "arguments that are not JSON", call: { id: "c", type: "function", function: { name: "execute", arguments: "{code:" } } as const, want: { role: "tool", tool_call_id: "c", content: expect.stringContaining("not JSON") } },
    { given: "arguments without code", call: { id: "c", type: "function", function: { name: "execute", arguments: '{"src":"1"}' } } as const, want: { role: "tool", tool_call_id: "c", content: expect.stringContaining("execute needs { code: string }") } },
  ])("answers $given", async ({ call, want }) => {
    expect(await tools.respond(call)).toEqual(want);
  });
});
