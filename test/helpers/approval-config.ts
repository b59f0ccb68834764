import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** A config with the example filesystem server, whose write_file and edit_file need approval. */
export function approvalConfig(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "codemode-outsider-"));
  const nm = path.join(root, "node_modules/@modelcontextprotocol");
  const file = path.join(dir, "codemode.config.ts");
  writeFileSync(
    file,
    `export default {
  outDir: ${JSON.stringify(path.join(root, "examples/generated"))},
  servers: { filesystem: { command: process.execPath, args: [${JSON.stringify(`${nm}/server-filesystem/dist/index.js`)}, ${JSON.stringify(dir)}] } },
  policy: { filesystem: { approve: ["write_file", "edit_file"] } },
};\n`,
  );
  return { dir, file };
}
