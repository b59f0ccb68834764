import { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { framed } from "../cli/framed.js";
import { printable, printableLine } from "../cli/printable.js";
import { CodemodeError } from "../errors.js";
import { codemodeTool, type CodemodeTool, type CodemodeToolOptions } from "../model/tool.js";
import { argumentsListing } from "../policy/arguments-listing.js";
import { argumentsPreview } from "../policy/arguments-preview.js";
import type { ApprovalRequest } from "../runtime/dispatcher.js";
import type { Runtime } from "../runtime/runtime.js";
import { MAX_QUERY_CHARS } from "../search/types.js";
import { oneAtATime } from "../util/one-at-a-time.js";
import { CODEMODE_VERSION } from "../version.js";

export interface ServeOptions extends CodemodeToolOptions {
  /** How many functions `search` returns unless asked. @default 8 */
  searchLimit?: number;
}

/**
 * The execute tool of a runtime, made once per runtime and options: over HTTP every request
 * builds a server, and the description costs a token count of the whole API.
 */
const executeTools = new WeakMap<Runtime, Map<string, Promise<CodemodeTool>>>();
function executeTool(runtime: Runtime, options: CodemodeToolOptions): Promise<CodemodeTool> {
  const byOptions = executeTools.get(runtime) ?? executeTools.set(runtime, new Map()).get(runtime)!;
  const key = JSON.stringify([options.name, options.maxApiTokens, options.run]);
  let tool = byOptions.get(key);
  if (!tool) byOptions.set(key, (tool = codemodeTool(runtime, options)));
  return tool;
}

/** Functions whose full typings `search` appends to its list. */
const DESCRIBED_HITS = 3;
const TYPINGS_URI = "codemode://typings";

/** The whole arguments follow an elicitation's question up to this many characters (a client shows the message as it is). */
const ELICITED_ARGUMENTS_MAX = 32 * 1024;

/**
 * An approval asked of the person behind the MCP client through elicitation, when the client
 * supports it; otherwise a refusal, which the model relays. A question that cannot show every
 * argument whole is followed by them all, or by a warning when they are too long even for that:
 * an elicitation has no second question to ask for them. The arguments go in code blocks: a
 * client may render the message as Markdown, where `\"` reads as a quote that ends a string and
 * an HTML comment or an image would hide a key or load a URL.
 */
async function askClient(server: McpServer, { server: name, tool, args, inputSchema, signal }: ApprovalRequest): Promise<boolean> {
  // A run that ended while its question waited its turn asks nothing (see `ApprovalRequest.signal`).
  if (!server.server.getClientCapabilities()?.elicitation || signal?.aborted) return false;
  const preview = argumentsPreview(args, inputSchema);
  const listing = preview.complete ? "" : framed(argumentsListing(args, inputSchema));
  const rest = preview.complete
    ? ""
    : listing.length <= ELICITED_ARGUMENTS_MAX
      ? `\n\nEvery argument, whole:\n\n${codeBlock(listing)}`
      : `\n\nThe arguments are ${listing.length} characters, too long to show whole here: decline unless you expected a call this large.`;
  // A question already shown is withdrawn when its run ends.
  const options = signal ? { signal } : {};
  const result = await server.server.elicitInput({
    // Shown by the client to a person, as the terminal's question is: nothing that reorders or
    // hides text, and lines framed as the terminal's (a code block may scroll a long one sideways).
    message: printable(`Allow the agent to call ${printableLine(`${name}.${tool}`)} with these arguments?\n\n${codeBlock(framed([preview.text]))}${rest}`),
    requestedSchema: { type: "object", properties: { allow: { type: "boolean", title: "Allow this call" } }, required: ["allow"] },
  }, options);
  return result.action === "accept" && result.content?.allow === true;
}

/** `text` in a Markdown code block whose fence no run of backticks in it can close. */
function codeBlock(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}\n${fence}`;
}

type ToolText = { content: { type: "text"; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };
const text = (value: string, extra: Omit<ToolText, "content"> = {}): ToolText => ({ content: [{ type: "text", text: value }], ...extra });

/**
 * The MCP server `codemode serve` runs: the configured servers as code mode, through three
 * tools (`execute`, `search`, `describe`) and the typings as a resource. One instance per
 * session; every run it makes is a run of its own in the shared runtime.
 */
export async function createServeServer(runtime: Runtime, options: ServeOptions = {}): Promise<McpServer> {
  const execute = await executeTool(runtime, options);
  const server = new McpServer({ name: "codemode", version: CODEMODE_VERSION }, { instructions: "Write TypeScript against the servers' typed APIs and run it with `execute`. Find functions with `search`, read their typings with `describe`." });
  // One elicitation at a time, as the terminal asks: a client may stack dialogs, or answer the wrong one.
  const ask = oneAtATime((request: ApprovalRequest) => askClient(server, request));

  server.registerTool("execute", { description: execute.description, inputSchema: z.object({ code: z.string().describe("TypeScript: the body of an async function") }) }, async ({ code }) => {
    const result = await execute.execute({ code }, { onApproval: ask });
    return text(result.text, { isError: result.isError, structuredContent: result.structured as Record<string, unknown> });
  });

  server.registerTool(
    "search",
    {
      description: "Find the API's functions by plain words (what you want to do, a noun, a tool name). Returns the best matches with their one-line signatures, and the full typings of the first few.",
      inputSchema: z.object({ query: z.string().min(1).max(MAX_QUERY_CHARS), limit: z.number().int().min(1).max(50).optional() }),
    },
    async ({ query, limit }) => {
      const hits = runtime.search(query, { limit: limit ?? options.searchLimit ?? 8 });
      const results = hits.map(({ function: fn, server: name, tool, signature }) => ({ function: fn, server: name, tool, signature }));
      if (results.length === 0) return text(`No function matches "${query}". Try other words, or fewer.`, { structuredContent: { results } });
      const typings = await runtime.typings({ tools: results.slice(0, DESCRIBED_HITS).map((hit) => hit.function) });
      const list = results.map((hit) => `${hit.signature}  (tool "${hit.tool}" of ${hit.server})`).join("\n");
      return text(`${list}\n\nTypings of the first ${Math.min(DESCRIBED_HITS, results.length)}:\n\`\`\`ts\n${typings.trim()}\n\`\`\``, { structuredContent: { results } });
    },
  );

  server.registerTool(
    "describe",
    {
      description: "The full typings of chosen functions (`namespace.function`, or `namespace.*` for a whole namespace) and the types they use: read them before writing code that calls the functions.",
      inputSchema: z.object({ functions: z.array(z.string().min(1)).min(1) }),
    },
    async ({ functions }) => {
      try {
        return text(`\`\`\`ts\n${(await runtime.typings({ tools: functions })).trim()}\n\`\`\``);
      } catch (error) {
        if (!(error instanceof CodemodeError)) throw error;
        // The selector's hint names a CLI the model cannot run: point at `search` instead.
        const near = error.hint?.startsWith("did you mean") ? ` (${error.hint})` : "";
        return text(`${error.message.replace(/^--tool /, "")}${near}; find functions by words with the search tool`, { isError: true });
      }
    },
  );

  server.registerResource("typings", TYPINGS_URI, { mimeType: "text/x-typescript", description: "The typings agent code is written against: every server's namespace." }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: "text/x-typescript", text: await runtime.typings() }],
  }));
  return server;
}
