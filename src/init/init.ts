import { access, mkdir, readFile, writeFile } from "node:fs/promises";
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
  /** `codemode.config.ts`, or `.mts` where the project's package.json does not say `"type": "module"`. */
  configFile: string;
  /** `agents/tsconfig.json`, which gives agent scripts the globals, when init wrote it. */
  agentsTsconfig: string | undefined;
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
 * Writes the config importing the project's MCP client configs, `agents/tsconfig.json` (unless
 * there is one) so agent scripts see the servers' globals, and marks the output folder as
 * generated in `.gitattributes`. Never overwrites a config without `force`.
 */
export async function init(options: InitOptions): Promise<InitResult> {
  const existing = (await Promise.all(CONFIG_FILES.map((file) => exists(path.join(options.cwd, file)).then((found) => (found ? file : undefined))))).find(Boolean);
  if (existing && !options.force) {
    throw new CodemodeError("USAGE", `${existing} already exists`, { hint: "pass --force to overwrite it" });
  }
  // An ES module config in any project: `.ts` is one only where package.json says "type": "module".
  const configFile = path.join(options.cwd, (await isModuleProject(options.cwd)) ? "codemode.config.ts" : "codemode.config.mts");
  const imported = options.import ?? (await findClientConfigs(options.cwd));
  const outDir = options.outDir ?? "generated";
  await writeFile(configFile, configSource(outDir, imported));
  const agentsTsconfig = path.join(options.cwd, "agents", "tsconfig.json");
  const writeAgents = !(await exists(agentsTsconfig));
  if (writeAgents) {
    await mkdir(path.dirname(agentsTsconfig), { recursive: true });
    await writeFile(agentsTsconfig, agentsTsconfigSource(outDir));
  }
  return { configFile, agentsTsconfig: writeAgents ? agentsTsconfig : undefined, imported, gitattributes: await markGenerated(options.cwd, outDir) };
}

const CONFIG_FILES = ["codemode.config.ts", "codemode.config.mts"];

const exists = (file: string) => access(file).then(() => true, () => false);

async function isModuleProject(cwd: string): Promise<boolean> {
  const text = await readFile(path.join(cwd, "package.json"), "utf8").catch(() => "{}");
  try {
    return (JSON.parse(text) as { type?: unknown }).type === "module";
  } catch {
    return false;
  }
}

/**
 * Agent scripts opt in to the globals here, and nothing else does: `.agents.d.ts` starts with a
 * dot, so the project's own tsconfig never includes it (see the README).
 */
function agentsTsconfigSource(outDir: string): string {
  const globals = path.posix.join("..", outDir.replace(/\\/g, "/"), ".agents.d.ts");
  const config = {
    compilerOptions: { target: "es2022", module: "preserve", strict: true, noEmit: true, types: [] },
    files: [globals],
    include: ["**/*.ts"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
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
