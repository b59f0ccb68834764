import type { Tool, ToolResultBlockParam, ToolUseBlock } from "@anthropic-ai/sdk/resources/messages";
import { codemodeTool, type CodemodeToolOptions } from "../model/tool.js";
import type { Runtime } from "../runtime/runtime.js";

/** The runtime as an Anthropic Messages API tool, and the reply to a use of it. */
export interface AnthropicTools {
  /** For `client.messages.create({ tools })`. */
  tools: Tool[];
  /**
   * Runs a `tool_use` block of the model's reply and returns the `tool_result` block for the
   * next user message, `is_error` when the run failed. `undefined` when the block is for
   * another tool, so the host's own tools can share the loop.
   */
  respond(block: ToolUseBlock): Promise<ToolResultBlockParam | undefined>;
}

/** The runtime as an Anthropic tool. Only types come from `@anthropic-ai/sdk`, so this needs the SDK for type-checking alone. */
export async function anthropicTools(runtime: Runtime, options: CodemodeToolOptions = {}): Promise<AnthropicTools> {
  const core = await codemodeTool(runtime, options);
  return {
    tools: [{ name: core.name, description: core.description, input_schema: core.inputSchema }],
    async respond(block) {
      if (block.name !== core.name) return undefined;
      // The SDK parses the input; the model can still send the wrong shape, which execute reports.
      const result = await core.execute(block.input as { code: string });
      return { type: "tool_result", tool_use_id: block.id, content: result.text, ...(result.isError ? { is_error: true } : {}) };
    },
  };
}
