// Writes runner.js: the same runner worker the local workerd executor runs (codemode's
// dist/runtime/workerd/runner.js builds its source), for `wrangler deploy` from this folder.
// Run `npm run build` at the repository root first.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runnerModuleSource } from "../../dist/runtime/workerd/runner.js";

const out = fileURLToPath(new URL("./runner.js", import.meta.url));
writeFileSync(out, runnerModuleSource());
console.log(`wrote ${out}`);
