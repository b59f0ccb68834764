import type { Runtime, RunOptions, RunResult } from "../runtime/runtime.js";
import { readableJson } from "../util/readable-json.js";

/** A tool definition any LLM stack can register: JSON Schema in, text and structured content out. */
export interface CodemodeTool {
  name: string;
  description: string;
  inputSchema: { type: "object"; properties: { code: { type: "string"; description: string } }; required: ["code"]; additionalProperties: false };
  execute(input: { code: string }, options?: RunOptions): Promise<ExecuteResult>;
}

/** What one `execute` gave: text a model reads well, the run's outcome as data, and whether it failed. */
export interface ExecuteResult {
  text: string;
  isError: boolean;
  structured: Pick<RunResult, "ok" | "result" | "logs" | "calls" | "error">;
}

/** How `codemodeTool` and the adapters build the tool; every option has a default. */
export interface CodemodeToolOptions {
  /** @default "execute" */
  name?: string;
  /** The whole API goes into the description when it fits this many tokens (o200k). @default 8000 */
  maxApiTokens?: number;
  /** Limits for every run. */
  run?: RunOptions;
}

const CONVENTION = `Run TypeScript against the APIs below, in a sandbox. The code is the body of an async function: \`await\` the calls, \`return\` a JSON value (that is the result), run independent calls together with \`Promise.all\`, and catch \`ToolError\` (\`.server\`, \`.tool\`, \`.message\`) to handle a tool that failed. \`console.log\` output comes back too. The code is type-checked before it runs: on a type error, fix the code and call again. There is no network, file system or Node API: only the namespaces below.`;

/** The most namespaces a short description lists by name; past that, their number. */
const LISTED_NAMESPACES = 40;

/**
 * The `execute` tool over a runtime: its description teaches the convention and carries the
 * whole API when it fits `maxApiTokens`, else the namespaces and how to find functions with
 * `search` and `describe` (under 1,000 tokens whatever the API's size).
 */
export async function codemodeTool(runtime: Runtime, options: CodemodeToolOptions = {}): Promise<CodemodeTool> {
  const typings = await runtime.typings();
  // The tokenizer is imported here, on first use: `executeResult` alone does not need it.
  const { countTokens } = await import("gpt-tokenizer");
  const fits = countTokens(typings) <= (options.maxApiTokens ?? 8000);
  const description = fits ? `${CONVENTION}\n\n\`\`\`ts\n${typings.trim()}\n\`\`\`` : `${CONVENTION}\n\n${namespaceList(typings)}`;
  return {
    name: options.name ?? "execute",
    description,
    inputSchema: {
      type: "object",
      properties: { code: { type: "string", description: "TypeScript: the body of an async function" } },
      required: ["code"],
      additionalProperties: false,
    },
    async execute(input, runOptions) {
      if (typeof input?.code !== "string") return failure("execute needs { code: string }: the TypeScript to run");
      return executeResult(await runtime.run(input.code, { ...options.run, ...runOptions }));
    },
  };
}

/** The namespaces of the typings, for an API too big to describe whole. */
function namespaceList(typings: string): string {
  const namespaces = [...typings.matchAll(/^declare namespace ([\w$]+)/gm)].map((match) => match[1]!);
  const shown = namespaces.slice(0, LISTED_NAMESPACES).join(", ");
  const more = namespaces.length > LISTED_NAMESPACES ? ` and ${namespaces.length - LISTED_NAMESPACES} more` : "";
  return `The API is too large to list here. Namespaces: ${shown}${more}. Find functions with the \`search\` tool (plain words), read their typings with \`describe\`, then write the code.`;
}

/** A run as a tool result: the returned JSON, then the logs; or what went wrong and where. */
export function executeResult(run: RunResult): ExecuteResult {
  const structured = { ok: run.ok, result: run.result, logs: run.logs, calls: run.calls, ...(run.error ? { error: run.error } : {}) };
  const logs = run.logs.map((entry) => `[${entry.level}] ${entry.text}`).join("\n");
  if (run.ok) {
    const value = run.result === undefined ? "(no value returned)" : readableJson(run.result);
    return { text: logs ? `${value}\n\nlogs:\n${logs}` : value, isError: false, structured };
  }
  const error = run.error!;
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ""})` : "";
  const hint = error.hint ? `\n${error.hint.trim()}` : "";
  // A type error is TypeScript's, not a JavaScript TypeError: it is not named as one.
  const what = error.kind === "type" ? "The code did not type-check; nothing ran" : `The run failed (${error.kind}): ${error.name}`;
  const text = `${what}: ${error.message}${where}${hint}${logs ? `\n\nlogs:\n${logs}` : ""}`;
  return { text, isError: true, structured };
}

function failure(message: string): ExecuteResult {
  return { text: message, isError: true, structured: { ok: false, logs: [], calls: [], error: { name: "Error", message, kind: "agent" } } };
}
