import { jsonSchema, tool, type Tool } from "ai";
import { codemodeTool, type CodemodeToolOptions, type ExecuteResult } from "../model/tool.js";
import type { Runtime } from "../runtime/runtime.js";

/** The tool set `aiSdkTools` gives: the one `execute` tool, under its name. */
export type AiSdkTools<Name extends string = "execute"> = Record<Name, Tool<{ code: string }, ExecuteResult>>;

/**
 * The runtime as a Vercel AI SDK tool set, for `generateText({ tools })` or `streamText`: one
 * tool that runs the model's TypeScript. The model reads the result as text (an error text when
 * the run failed); `execute`'s return value keeps the whole outcome (`structured`) for the host.
 *
 * @example
 * ```ts
 * const { text } = await generateText({ model, tools: await aiSdkTools(runtime), stopWhen: stepCountIs(5), prompt });
 * ```
 */
export async function aiSdkTools<Name extends string = "execute">(runtime: Runtime, options: CodemodeToolOptions & { name?: Name } = {}): Promise<AiSdkTools<Name>> {
  const core = await codemodeTool(runtime, options);
  const execute = tool({
    description: core.description,
    inputSchema: jsonSchema<{ code: string }>(core.inputSchema),
    execute: (input): Promise<ExecuteResult> => core.execute(input),
    // The default would send the whole result object as JSON; the model reads the text better,
    // and "error-text" lets providers mark the result as failed (Anthropic's is_error).
    toModelOutput: ({ output }) => (output.isError ? { type: "error-text", value: output.text } : { type: "text", value: output.text }),
  });
  return { [core.name]: execute } as AiSdkTools<Name>;
}
