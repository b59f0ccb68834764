import type { ChatCompletionFunctionTool, ChatCompletionMessageToolCall, ChatCompletionToolMessageParam } from "openai/resources/chat/completions";
import type { FunctionTool, ResponseFunctionToolCall, ResponseInputItem } from "openai/resources/responses/responses";
import { codemodeTool, type CodemodeTool, type CodemodeToolOptions } from "../model/tool.js";
import type { Runtime } from "../runtime/runtime.js";

/** The runtime as OpenAI function tools, for both APIs, and the reply to a call of it. */
export interface OpenAITools {
  /** For `client.chat.completions.create({ tools })`. */
  chat: ChatCompletionFunctionTool[];
  /** For `client.responses.create({ tools })`. */
  responses: FunctionTool[];
  /**
   * Runs a call the model made, and returns what to send back: the `tool` message (Chat
   * Completions) or the `function_call_output` item (Responses). `undefined` when the call is
   * for another tool, so the host's own tools can share the loop. A failed run's output starts
   * with what failed; OpenAI has no error flag.
   */
  respond(call: ChatCompletionMessageToolCall): Promise<ChatCompletionToolMessageParam | undefined>;
  respond(call: ResponseFunctionToolCall): Promise<ResponseInputItem.FunctionCallOutput | undefined>;
}

/**
 * The runtime as OpenAI function tools. Only types come from `openai`, so this needs the SDK
 * for type-checking alone. The schema meets strict mode's rules (every property required, no
 * others), so the tools are strict.
 */
export async function openaiTools(runtime: Runtime, options: CodemodeToolOptions = {}): Promise<OpenAITools> {
  const core = await codemodeTool(runtime, options);
  const definition = { name: core.name, description: core.description, parameters: core.inputSchema, strict: true };
  async function respond(call: ChatCompletionMessageToolCall | ResponseFunctionToolCall): Promise<ChatCompletionToolMessageParam | ResponseInputItem.FunctionCallOutput | undefined> {
    if (call.type === "function_call") {
      if (call.name !== core.name) return undefined;
      return { type: "function_call_output", call_id: call.call_id, output: await run(core, call.arguments) };
    }
    if (call.type !== "function" || call.function.name !== core.name) return undefined;
    return { role: "tool", tool_call_id: call.id, content: await run(core, call.function.arguments) };
  }
  return {
    chat: [{ type: "function", function: definition }],
    responses: [{ type: "function", ...definition }],
    respond: respond as OpenAITools["respond"],
  };
}

/** Runs the arguments as the model wrote them: a JSON string, which a model can get wrong. */
async function run(core: CodemodeTool, args: string): Promise<string> {
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    return `The arguments were not JSON: call ${core.name} with {"code": "<TypeScript>"}`;
  }
  return (await core.execute(input as { code: string })).text;
}
