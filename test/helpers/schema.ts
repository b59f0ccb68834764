import { emitServerApi } from "../../src/emit/server.js";
import { canonicalize } from "../../src/snapshot/canonical.js";

/** The namespace block codemode emits for one tool with this input schema. */
export function emitInput(inputSchema: unknown, outputSchema?: unknown): { block: string; warnings: string[] } {
  const tool: Record<string, unknown> = { name: "t", inputSchema };
  if (outputSchema !== undefined) tool.outputSchema = outputSchema;
  const { snapshot, warnings } = canonicalize({ tools: [tool] }, "s");
  const api = emitServerApi({ name: "s", snapshot, warnings }, "s");
  return { block: api.block, warnings: [...warnings, ...api.warnings] };
}

/** The printed type of one property `p` of an input schema, on one line. */
export function propertyType(schema: unknown, required = false): string {
  const { block } = emitInput({ type: "object", properties: { p: schema }, required: required ? ["p"] : [], additionalProperties: false });
  const match = /interface TInput \{\n([\s\S]*?)\n  \}\n/.exec(block);
  if (!match) throw new Error(`no input interface in:\n${block}`);
  // Object types print inline when no member has a doc, a member a line otherwise: the same type on one line either way.
  const body = match[1]!.replace(/\s*\/\*\*[\s\S]*?\*\/\s*/g, " ").replace(/\s+/g, " ").replace(/; \}/g, " }").trim();
  return body.replace(/^p\??: /, "").replace(/;$/, "");
}
