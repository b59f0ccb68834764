/**
 * A synthetic `tools/list` of realistic shape: objects of scalars, enums, arrays, nested
 * objects, shared `$defs`, descriptions on everything, output schemas on a third of the tools.
 * Deterministic, so runs compare.
 */
export function syntheticTools(count: number): unknown[] {
  const tools: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const properties: Record<string, unknown> = {
      id: { type: "string", description: `Identifier of the record ${i}.`, pattern: "^[a-z0-9-]+$" },
      limit: { type: "integer", description: "Maximum number of results.", minimum: 1, maximum: 100, default: 20 },
      state: { type: "string", enum: ["open", "closed", "all"], description: "Filter by state." },
      labels: { type: "array", items: { type: "string" }, description: "Labels to match." },
      owner: { $ref: "#/$defs/User" },
      options: {
        type: "object",
        description: "Extra options.",
        properties: { dryRun: { type: "boolean", description: "Only report what would change." }, note: { type: ["string", "null"] } },
        additionalProperties: false,
      },
    };
    const tool: Record<string, unknown> = {
      name: `resource_${Math.floor(i / 10)}.action-${i % 10}`,
      title: `Action ${i}`,
      description: `Performs action ${i % 10} on resource group ${Math.floor(i / 10)}. Returns the affected records.`,
      inputSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties,
        required: ["id"],
        additionalProperties: false,
        $defs: { User: { type: "object", description: "A user.", properties: { login: { type: "string" }, admin: { type: "boolean" } }, required: ["login"] } },
      },
      annotations: { readOnlyHint: i % 2 === 0, openWorldHint: false },
    };
    if (i % 3 === 0) {
      tool.outputSchema = {
        type: "object",
        properties: { items: { type: "array", items: { type: "object", properties: { id: { type: "string" }, score: { type: "number" } } } }, total: { type: "integer" } },
        required: ["items"],
      };
    }
    tools.push(tool);
  }
  return tools;
}
