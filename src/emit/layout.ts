/**
 * How the typings are laid out in the output folder, so that any combination of its files
 * compiles in one program (see the README, "Generated output"):
 *
 * - each package's `index.d.ts` is a module: the shared types and the namespace are module-scoped,
 *   so two packages (or one package twice, from two output folders) never clash, and host code
 *   imports them with `import type`;
 * - the root `index.d.ts` is a module too, re-exporting every package's namespace;
 * - the agents' view, every namespace as a global (the text `codemode prompt` prints), is
 *   `AGENT_GLOBALS`, whose name starts with a dot: `tsconfig` `include` globs skip such files, so
 *   the globals reach only agent code that references the file, never the rest of a project.
 */
import { banner, commonTypes, sharedTypeNames, type SharedUses } from "./common.js";
import type { ServerApi } from "./server.js";

/** The agents' globals, beside the packages: `/// <reference path="generated/.agents.d.ts" />`. */
export const AGENT_GLOBALS = ".agents.d.ts";

/** What of the shared types an API uses: tool results only with a tool without an output schema, resource results only with resources, prompt results only with prompts. */
export function usesOf(api: Pick<ServerApi, "spec">): SharedUses {
  return {
    toolResults: api.spec.tools.some(([, , structured]) => !structured),
    resources: api.spec.read || api.spec.templates.length > 0,
    prompts: api.spec.prompts.length > 0,
  };
}

/** What a set of APIs uses together (the agents' globals declare the shared types once for all). */
export function usesOfAll(apis: Pick<ServerApi, "spec">[]): SharedUses {
  const all = apis.map(usesOf);
  return { toolResults: all.some((uses) => uses.toolResults), resources: all.some((uses) => uses.resources), prompts: all.some((uses) => uses.prompts) };
}

/** The print width of `src/format/format.ts`: export lists break where prettier breaks them. */
const PRINT_WIDTH = 120;

/**
 * A package's `index.d.ts`: the shared types and the namespace, exported as types only. Type-only,
 * because the package's `index.js` is a sandbox shim that exports nothing: host code calls tools
 * through `runtime.api(server)`, never by importing the package.
 */
export function packageTypings(server: string, api: ServerApi): string {
  const uses = usesOf(api);
  return `${banner(server)}\n${commonTypes(uses)}\n${api.block}\n${exportList([...sharedTypeNames(uses), api.namespace])}`;
}

/** The root `index.d.ts`: every namespace, and each shared type from the first package that declares it. */
export function rootModule(apis: Pick<ServerApi, "namespace" | "spec">[]): string {
  const lines = apis.map(({ namespace, spec }) => exportList([namespace], `./${spec.server}/index.js`));
  const exported = new Set<string>();
  for (const api of apis) {
    const names = sharedTypeNames(usesOf(api)).filter((name) => !exported.has(name));
    for (const name of names) exported.add(name);
    if (names.length > 0) lines.push(exportList(names, `./${api.spec.server}/index.js`));
  }
  const intro = [
    "// Every server's API as a module, for host code: import type { memory } from \"./generated/index.js\".",
    `// Agent code sees the same namespaces as globals, declared in ${AGENT_GLOBALS} beside this file.`,
  ].join("\n");
  return `${banner()}${intro}\n\n${lines.join("")}`;
}

/** `export type { a, b } from "./x/index.js";` on one line, or one name a line when it is too long, as prettier prints it. */
function exportList(names: string[], from?: string): string {
  const tail = from ? ` from ${JSON.stringify(from)};` : ";";
  const line = `export type { ${names.join(", ")} }${tail}\n`;
  if (line.length - 1 <= PRINT_WIDTH) return line;
  return `export type {\n${names.map((name) => `  ${name},\n`).join("")}}${tail}\n`;
}
