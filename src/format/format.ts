import { format } from "prettier";
import type { ServerApi } from "../emit/server.js";
import { FORMAT_OPTIONS as OPTIONS } from "./options.js";

/**
 * Runs prettier once per server API, not per file: the same namespace block goes into the
 * server's `index.d.ts` and the root one, and a top-level declaration formats the same alone.
 */
export async function formatApis(apis: ServerApi[]): Promise<ServerApi[]> {
  return Promise.all(apis.map(async (api) => ({ ...api, block: await format(api.block, { ...OPTIONS, parser: "typescript" }) })));
}

/** Formats JavaScript, for the bundled shim (once per process). */
export function formatJavaScript(code: string): Promise<string> {
  return format(code, { ...OPTIONS, parser: "babel" });
}

/** Formats TypeScript, for tests that check codemode's fixed text is already formatted. */
export function formatTypeScript(code: string): Promise<string> {
  return format(code, { ...OPTIONS, parser: "typescript" });
}
