/**
 * `npm run bench:tokens`: what the prompt costs a model, per server, against the JSON the
 * server sent (o200k tokens, gpt-tokenizer). Two ratios, as in the performance table:
 *
 * - prompt: everything `promptTypings` gives the model for the server alone (shared types
 *   included) ÷ the full lists' JSON (tools, resources, templates, prompts) and, when the
 *   server sends them, its `instructions` from initialize. The prompt carries the instructions
 *   (in the namespace's doc), and an MCP client puts them in the model's context beside the
 *   lists, so both sides count them; a server without instructions (most) is measured as before;
 * - typings: the server's namespace alone (from `declare namespace` on) ÷ `tools/list` JSON.
 *
 * Servers: the committed examples and `test/fixtures/servers/` (not hazards.json, which is made
 * of edge cases, not a server); `TOKENS_EXTRA` adds a folder of listings (e.g. the shared
 * `fixtures/mcp-servers/`). `all.bench.ts` reads its rows from {@link measureTokens}.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { countTokens } from "gpt-tokenizer";
import { promptTypings } from "../src/prompt/prompt.js";
import { parseSnapshot } from "../src/snapshot/read.js";

export interface ServerTokens {
  name: string;
  /** Tokens of `promptTypings` for this server alone. */
  prompt: number;
  /** Tokens of the full lists' JSON: tools, resources, resource templates, prompts, and the server's instructions if any. */
  listsJson: number;
  /** Tokens of the namespace alone (from `declare namespace` on), without the shared types. */
  typings: number;
  /** Tokens of `{"tools": […]}`. */
  toolsJson: number;
}

/** The listings the table measures: every example's snapshot, then every fixture server. */
/** A listing to measure: `name` is its server's config name (its namespace); `label` tells same-named servers apart in the table. */
export interface TokenSource {
  name: string;
  file: string;
  label?: string;
}

export async function tokenSources(root = "."): Promise<TokenSource[]> {
  const examples = path.resolve(root, "examples/generated");
  const fixtures = path.resolve(root, "test/fixtures/servers");
  const dirs = (await readdir(examples, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const files = (await readdir(fixtures)).filter((file) => file.endsWith(".json") && file !== "hazards.json");
  return [
    ...dirs.map((entry) => ({ name: entry.name, file: path.join(examples, entry.name, "snapshot.json") })),
    ...files.map((file) => ({ name: file.slice(0, -".json".length), label: "fixture", file: path.join(fixtures, file) })),
  ];
}

export async function measureTokens(sources: TokenSource[]): Promise<ServerTokens[]> {
  const rows: ServerTokens[] = [];
  for (const { name, file, label } of sources) {
    const text = await readFile(file, "utf8");
    const raw = JSON.parse(text) as Record<string, unknown>;
    // As a config names it: `parseSnapshot(text, file, server)`; the server's name is its namespace.
    const typings = await promptTypings([parseSnapshot(text, file, name)]);
    const lists = { tools: raw.tools, resources: raw.resources ?? [], resourceTemplates: raw.resourceTemplates ?? [], prompts: raw.prompts ?? [], ...(raw.instructions ? { instructions: raw.instructions } : {}) };
    rows.push({
      name: label ? `${label}/${name}` : name,
      prompt: countTokens(typings),
      listsJson: countTokens(JSON.stringify(lists)),
      typings: countTokens(typings.slice(typings.indexOf("declare namespace"))),
      toolsJson: countTokens(JSON.stringify({ tools: raw.tools })),
    });
  }
  return rows;
}

/** The two figures of the performance table: the worst prompt ratio, and typings ÷ tools JSON over all servers. */
export function summarizeTokens(rows: ServerTokens[]): { worstPrompt: [string, number]; typingsRatio: number } {
  const ratios = rows.map((row): [string, number] => [row.name, row.prompt / row.listsJson]);
  const worstPrompt = ratios.reduce((a, b) => (b[1] > a[1] ? b : a));
  const sum = (pick: (row: ServerTokens) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return { worstPrompt, typingsRatio: sum((row) => row.typings) / sum((row) => row.toolsJson) };
}

async function main(): Promise<void> {
  const sources = await tokenSources();
  const extra = process.env.TOKENS_EXTRA;
  if (extra) {
    const files = (await readdir(extra)).filter((file) => file.endsWith(".json"));
    sources.push(...files.map((file) => ({ name: file.slice(0, -".json".length), label: "extra", file: path.resolve(extra, file) })));
  }
  const rows = await measureTokens(sources);
  const x = (ratio: number) => `${ratio.toFixed(2)}×`;
  const width = Math.max(...rows.map((row) => row.name.length), "server".length);
  console.log(`${"server".padEnd(width)}  prompt / lists JSON      typings / tools JSON`);
  for (const row of rows) {
    const prompt = `${row.prompt} / ${row.listsJson} = ${x(row.prompt / row.listsJson)}`;
    const typings = `${row.typings} / ${row.toolsJson} = ${x(row.typings / row.toolsJson)}`;
    console.log(`${row.name.padEnd(width)}  ${prompt.padEnd(23)}  ${typings}`);
  }
  const measured = rows.filter((row) => !row.name.startsWith("extra/"));
  const { worstPrompt, typingsRatio } = summarizeTokens(measured);
  console.log(`\nworst prompt ratio: ${worstPrompt[0]} ${x(worstPrompt[1])} (target ≤ 1.0× each)`);
  console.log(`typings ÷ tools JSON, all: ${typingsRatio.toFixed(4)}× (target ≤ 0.65×)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
