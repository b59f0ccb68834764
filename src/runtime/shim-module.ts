import { fileURLToPath } from "node:url";
import { esbuild } from "../util/esbuild.js";

const ENTRY = fileURLToPath(new URL("../../templates/shim.ts", import.meta.url));

/** The shim's pure functions, as host code calls them. */
export interface ShimModule {
  shapeToolResult(raw: unknown, structured: boolean, server: string, tool: string): unknown;
  shapeResource(raw: unknown): { text: string; contents: unknown[] };
  shapePrompt(raw: unknown): { description?: string; messages: unknown[] };
  expandTemplate(template: string, params: Record<string, unknown>): string;
  ToolError: new (message: string, server: string, tool: string, result?: unknown) => Error;
}

let loaded: Promise<ShimModule> | undefined;

/**
 * The shim of the generated `index.js` as an ES module in the host realm, so that host calls
 * shape results and throw `ToolError` exactly as agent calls do. It is bundled from
 * `templates/shim.ts` (shipped as TypeScript, outside `dist/`) once per process and imported
 * from a data URL: it has no imports of its own.
 */
export function loadShimModule(): Promise<ShimModule> {
  loaded ??= Promise.resolve()
    .then(() => esbuild().build({ entryPoints: [ENTRY], bundle: true, write: false, format: "esm", platform: "neutral", target: "es2022", logLevel: "silent" }))
    .then((result) => import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString("base64")}`) as Promise<ShimModule>);
  return loaded;
}
