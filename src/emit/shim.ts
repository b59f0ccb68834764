import { fileURLToPath } from "node:url";
import type { ShimSpec } from "../protocol.js";
import { esbuild } from "../util/esbuild.js";
import { banner } from "./common.js";

const ENTRY = fileURLToPath(new URL("../../templates/shim.ts", import.meta.url));
const GLOBAL = "codemodeShim";

let bundled: Promise<string> | undefined;

/** The shim bundled and formatted once per process: an IIFE assigning `var codemodeShim`, with no imports left. */
export function bundleShim(): Promise<string> {
  bundled ??= bundleAndFormat();
  return bundled;
}

/** esbuild and prettier are loaded here, when needed: a generate that reuses every package loads neither. */
async function bundleAndFormat(): Promise<string> {
  const { formatJavaScript } = await import("../format/format.js");
  const result = await esbuild().build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    globalName: GLOBAL,
    platform: "neutral",
    target: "es2022",
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });
  return formatJavaScript(result.outputFiles[0]!.text);
}

/** A server's `index.js`: the bundled shim, scoped in a function, installing the server's namespace. */
export function shimFile(shim: string, spec: ShimSpec): string {
  return `${banner(spec.server)}(function () {\n${shim}\n${GLOBAL}.install(${JSON.stringify(spec, null, 2)});\n})();\n`;
}
