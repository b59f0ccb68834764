import { McpServer, ResourceTemplate } from "@modelcontextprotocol/server";
import { z } from "zod";

/**
 * A small real MCP server for tests: tools with and without output schemas, one that fails,
 * one that is slow, resources, a resource template and a prompt.
 */
export function createDemoServer(options: { delayMs?: number; onCall?: (tool: string) => void } = {}): McpServer {
  const server = new McpServer({ name: "demo", version: "1.2.3" }, { instructions: "A demo server for codemode's tests." });
  server.registerTool(
    "get-weather",
    {
      title: "Get weather",
      description: "Weather for a city.",
      inputSchema: z.object({ city: z.string().describe("City name"), units: z.enum(["c", "f"]).optional() }),
      outputSchema: z.object({ city: z.string(), temperature: z.number() }),
      annotations: { readOnlyHint: true },
    },
    async ({ city, units }) => {
      const temperature = units === "f" ? 68 : 20;
      return { content: [{ type: "text", text: `${city}: ${temperature}` }], structuredContent: { city, temperature } };
    },
  );
  server.registerTool("echo", { description: "Echoes text.", inputSchema: z.object({ text: z.string() }) }, async ({ text }) => {
    options.onCall?.("echo");
    return { content: [{ type: "text", text }] };
  });
  server.registerTool("fail", { description: "Always reports an error.", inputSchema: z.object({}) }, async () => ({
    content: [{ type: "text", text: "it broke" }],
    isError: true,
  }));
  server.registerTool("slow", { description: "Answers after a delay.", inputSchema: z.object({ id: z.number() }) }, async ({ id }) => {
    options.onCall?.("slow");
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 100));
    return { content: [{ type: "text", text: `done ${id}` }] };
  });
  server.registerTool(
    "add-notes",
    { description: "Adds notes.", inputSchema: z.object({ notes: z.array(z.object({ title: z.string(), body: z.string().optional() })) }) },
    async ({ notes }) => {
      options.onCall?.("add-notes");
      return { content: [{ type: "text", text: `added ${notes.length}` }] };
    },
  );
  server.registerResource("readme", "demo://readme", { mimeType: "text/plain", description: "The readme" }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: "text/plain", text: "Read me." }],
  }));
  server.registerResource(
    "note",
    new ResourceTemplate("demo://notes/{id}", { list: undefined }),
    { description: "A note by id" },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `note ${String(id)}` }] }),
  );
  server.registerPrompt(
    "review",
    { description: "Review code", argsSchema: z.object({ code: z.string(), focus: z.string().optional() }) },
    ({ code, focus }) => ({
      messages: [{ role: "user", content: { type: "text", text: `Review${focus ? ` for ${focus}` : ""}: ${code}` } }],
    }),
  );
  return server;
}
