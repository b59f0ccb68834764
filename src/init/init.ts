import { access, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodemodeError } from "../errors.js";

/** Where MCP clients keep a project's servers, in the order `init` offers them. */
export const CLIENT_CONFIG_FILES = [".mcp.json", ".cursor/mcp.json", ".vscode/mcp.json", ".windsurf/mcp_config.json", "mcp.json"];

export interface InitOptions {
  cwd: string;
  /** The client configs to import; default: every one found in the project. */
  import?: string[];
  /** @default "generated" */
  outDir?: string;
  /** Overwrite an existing `codemode.config.ts`. */
  force?: boolean;
}

export interface InitResult {
  configFile: string;
  imported: string[];
  /** Whether `.gitattributes` gained the line that marks the output as generated. */
  gitattributes: boolean;
}

/** The MCP client configs present in a project folder. */
export async function findClientConfigs(cwd: string): Promise<string[]> {
  const found = await Promise.all(CLIENT_CONFIG_FILES.map((file) => access(path.join(cwd, file)).then(() => file, () => undefined)));
  return found.filter((file): file is string => file !== undefined);
}

/**
 * Writes `codemode.config.ts` importing the project's MCP client configs, and marks the output
 * folder as generated in `.gitattributes`. Never overwrites a config without `force`.
 */
export async function init(options: InitOptions): Promise<InitResult> {
  const configFile = path.join(options.cwd, "codemode.config.ts");
  const exists = await access(configFile).then(() => true, () => false);
  if (exists && !options.force) {
    throw new CodemodeError("USAGE", "codemode.config.ts already exists", { hint: "pass --force to overwrite it" });
  }
  const imported = options.import ?? (await findClientConfigs(options.cwd));
  const outDir = options.outDir ?? "generated";
  await writeFile(configFile, configSource(outDir, imported));
  return { configFile, imported, gitattributes: await markGenerated(options.cwd, outDir) };
}

function configSource(outDir: string, imported: string[]): string {
  const imports = imported.length > 0 ? `  // Servers other MCP clients already know; add your own below.\n  import: ${JSON.stringify(imported)},\n` : "";
  return `import { defineConfig } from "codemode";

export default defineConfig({
  outDir: ${JSON.stringify(outDir)},
${imports}  servers: {
    // everything: { command: "npx", args: ["@modelcontextprotocol/server-everything"] },
    // github: { url: "https://…/mcp", headers: { Authorization: "Bearer \${GITHUB_TOKEN}" } },
  },
});
`;
}

/** Appends `<outDir>/** linguist-generated=true` to `.gitattributes` unless it is there. */
async function markGenerated(cwd: string, outDir: string): Promise<boolean> {
  const file = path.join(cwd, ".gitattributes");
  const line = `${outDir.replace(/\/+$/, "")}/** linguist-generated=true`;
  const current = await readFile(file, "utf8").catch(() => "");
  if (current.split("\n").includes(line)) return false;
  await writeFile(file, `${current}${current && !current.endsWith("\n") ? "\n" : ""}${line}\n`);
  return true;
}
