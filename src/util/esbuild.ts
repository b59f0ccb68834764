import { createRequire } from "node:module";

type Esbuild = typeof import("esbuild");

/**
 * esbuild, loaded on first use through `require`: it is CommonJS, and an ES `import` of it makes
 * Node scan its source for export names first (about 40 ms more, on the path of a run's first
 * TypeScript).
 */
export function esbuild(): Esbuild {
  return createRequire(import.meta.url)("esbuild") as Esbuild;
}
