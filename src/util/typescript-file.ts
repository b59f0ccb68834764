import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** `@ts-morph/common`'s entry: its wrapper, which holds every lib's text. */
export const TS_MORPH_COMMON = require.resolve("@ts-morph/common");

/** The compiler `@ts-morph/common` bundles (9 MB), required directly: see `typescript.ts`. */
export const TYPESCRIPT_FILE = path.join(path.dirname(TS_MORPH_COMMON), "typescript.js");
