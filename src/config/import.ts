import { readFile } from "node:fs/promises";
import path from "node:path";
import { CodemodeError, messageOf } from "../errors.js";
import { nearest } from "../util/suggest.js";
import { describeJsonError } from "./json-error.js";
import type { ServerConfig } from "./types.js";

/** The keys codemode reads from a client's server entry; others (`disabled`, `autoApprove`, …) belong to the client. */
const ENTRY_KEYS = ["type", "transport", "command", "args", "env", "cwd", "url", "serverUrl", "headers"];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads the server list another MCP client keeps: `mcpServers` files (Claude Desktop, Claude
 * Code's `.mcp.json`, Cursor's `.cursor/mcp.json`, Windsurf with `serverUrl`) and VS Code's
 * `.vscode/mcp.json` (`servers`, `inputs`). The transport comes from `type`, else from
 * `command` vs `url`. Problems are collected, each naming the file and the server.
 */
export async function importServers(file: string, displayName = file): Promise<{ servers: Record<string, ServerConfig>; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CodemodeError("CONFIG_INVALID", `cannot import ${displayName}: ${messageOf(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CodemodeError("CONFIG_INVALID", `cannot import ${displayName}: invalid JSON at ${describeJsonError(text, error)}`);
  }
  const list = isObject(raw) ? (isObject(raw.mcpServers) ? raw.mcpServers : isObject(raw.servers) ? raw.servers : undefined) : undefined;
  if (!list) throw new CodemodeError("CONFIG_INVALID", `cannot import ${displayName}: it has neither "mcpServers" nor "servers"`);
  // VS Code resolves ${workspaceFolder}: the folder holding .vscode/.
  const workspace = path.basename(path.dirname(file)) === ".vscode" ? path.dirname(path.dirname(file)) : path.dirname(file);
  const servers: Record<string, ServerConfig> = {};
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(list)) {
    const where = `${displayName}: server "${name}"`;
    if (!isObject(entry)) {
      problems.push(`${where}: not an object`);
      continue;
    }
    const misspelt = Object.keys(entry).flatMap((key) => {
      const near = ENTRY_KEYS.includes(key) ? undefined : nearest(key, ENTRY_KEYS);
      return near ? [`${where}: unknown key "${key}" (did you mean "${near}"?)`] : [];
    });
    if (misspelt.length > 0) {
      problems.push(...misspelt);
      continue;
    }
    const inputs = findInputs(entry);
    if (inputs.length > 0) {
      problems.push(
        `${where} uses ${inputs.map((id) => `\${input:${id}}`).join(", ")}; codemode does not prompt for inputs: set ${inputs.map(envName).join(", ")} in the environment and write ${inputs.map((id) => `\${${envName(id)}}`).join(", ")} instead`,
      );
      continue;
    }
    const converted = convert(substitute(entry, workspace) as Json, where);
    if (typeof converted === "string") problems.push(converted);
    else servers[name] = converted;
  }
  return { servers, problems };
}

function convert(entry: Json, where: string): ServerConfig | string {
  const type = typeof entry.type === "string" ? entry.type.toLowerCase() : typeof entry.transport === "string" ? entry.transport.toLowerCase() : undefined;
  const url = typeof entry.url === "string" ? entry.url : typeof entry.serverUrl === "string" ? entry.serverUrl : undefined;
  const remote = type ? ["http", "sse", "streamable-http", "streamablehttp"].includes(type) : url !== undefined && entry.command === undefined;
  if (remote) {
    if (!url) return `${where}: a remote server needs "url"`;
    // Without a `type`, the default applies: Streamable HTTP, falling back to SSE.
    return {
      url,
      ...(type ? { transport: type === "sse" ? ("sse" as const) : ("http" as const) } : {}),
      ...(isObject(entry.headers) ? { headers: entry.headers as Record<string, string> } : {}),
    };
  }
  if (typeof entry.command !== "string") return `${where}: needs "command" or "url"`;
  return {
    command: entry.command,
    ...(Array.isArray(entry.args) ? { args: entry.args as string[] } : {}),
    ...(isObject(entry.env) ? { env: entry.env as Record<string, string> } : {}),
    ...(typeof entry.cwd === "string" ? { cwd: entry.cwd } : {}),
  };
}

function findInputs(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") for (const [, id] of value.matchAll(/\$\{input:([^}]+)\}/g)) if (!found.includes(id!)) found.push(id!);
  if (Array.isArray(value)) for (const item of value) findInputs(item, found);
  else if (isObject(value)) for (const item of Object.values(value)) findInputs(item, found);
  return found;
}

function substitute(value: unknown, workspace: string): unknown {
  if (typeof value === "string") return value.replaceAll("${workspaceFolder}", workspace);
  if (Array.isArray(value)) return value.map((item) => substitute(item, workspace));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, workspace)]));
  return value;
}

/** `github-token` → `GITHUB_TOKEN`: the environment variable to set instead of an input. */
function envName(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}
