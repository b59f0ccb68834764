/**
 * The built package (`dist/`), as a user runs it, for the runtime's figures. Imported from the
 * sources through tsx instead, a first `createRuntime` compiled every module it loads lazily (the
 * config loader, the sandbox pool…) from TypeScript on the way, and the config's own
 * `import … from "codemode"` loaded `dist/` beside them as a second copy: the cold row measured
 * tsx. The bench scripts build first (`npm run bench`, `npm run bench:runtime`).
 */
import { existsSync } from "node:fs";
import type { RuntimeModules } from "../test/helpers/runtime.js";

const DIST = new URL("../dist/", import.meta.url);

export async function builtModules(): Promise<RuntimeModules> {
  if (!existsSync(new URL("runtime/runtime.js", DIST))) throw new Error("dist/ is not built: run `npm run build` first");
  const load = <T>(file: string) => import(new URL(file, DIST).href) as Promise<T>;
  const [config, generator, introspect, runtime] = await Promise.all([
    load<typeof import("../src/config/load.js")>("config/load.js"),
    load<typeof import("../src/generate.js")>("generate.js"),
    load<typeof import("../src/introspect/introspect.js")>("introspect/introspect.js"),
    load<typeof import("../src/runtime/runtime.js")>("runtime/runtime.js"),
  ]);
  return { configFromObject: config.configFromObject, generate: generator.generate, listServer: introspect.listServer, createRuntime: runtime.createRuntime };
}
