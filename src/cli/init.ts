import path from "node:path";
import { findClientConfigs, init } from "../init/init.js";
import type { CliIo } from "./io.js";
import type { ExitCode, InitFlags } from "./options.js";

/** `codemode init`: asks on a terminal, takes flags otherwise. */
export async function runInit(flags: InitFlags, io: CliIo): Promise<ExitCode> {
  const found = flags.from ?? (await findClientConfigs(io.cwd));
  io.stderr(found.length > 0 ? `found MCP client configs: ${found.join(", ")}\n` : "found no MCP client configs (.mcp.json, .cursor/mcp.json, .vscode/mcp.json, …)\n");
  let imported = found;
  let outDir = flags.out ?? "generated";
  if (io.ask && !flags.yes) {
    if (found.length > 0) {
      const answer = (await io.ask(`Import their servers? [Y/n] `)).trim().toLowerCase();
      if (answer === "n" || answer === "no") imported = [];
    }
    outDir = (await io.ask(`Output folder [${outDir}] `)).trim() || outDir;
  }
  const result = await init({ cwd: io.cwd, import: imported, outDir, force: Boolean(flags.force) });
  io.stderr(`wrote ${path.relative(io.cwd, result.configFile)}${result.gitattributes ? " and marked the output as generated in .gitattributes" : ""}\n`);
  if (result.agentsTsconfig) io.stderr(`wrote ${path.relative(io.cwd, result.agentsTsconfig)}: agent scripts in agents/ see the servers as globals; add "exclude": ["agents"] to your own tsconfig.json\n`);
  io.stderr("next: add servers if you want more, then run `npx codemode generate`\n");
  return 0;
}
