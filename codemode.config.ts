import { fileURLToPath } from "node:url";
import { defineConfig } from "codemode";

// The example servers are devDependencies, started by path with this Node: no network needed.
const server = (pkg: string, ...args: string[]) => ({
  command: process.execPath,
  args: [`node_modules/@modelcontextprotocol/${pkg}/dist/index.js`, ...args],
});

// The memory server resolves a relative MEMORY_FILE_PATH against its own dist/, so the default is absolute.
const memoryFile = fileURLToPath(new URL("examples/memory.jsonl", import.meta.url));

export default defineConfig({
  outDir: "examples/generated",
  servers: {
    everything: server("server-everything"),
    memory: { ...server("server-memory"), env: { MEMORY_FILE_PATH: `\${MEMORY_FILE_PATH:-${memoryFile}}` } },
    // Rooted at the example agents, not examples/: the server can write where it reads, and
    // examples/generated/ holds the shims every run loads and the typings the model reads.
    filesystem: server("server-filesystem", "examples/agents"),
    // A snapshot entry: typed and promptable without the server; examples/snapshot-only/ shows its agent code.
    "sequential-thinking": { snapshot: "test/fixtures/servers/sequential-thinking.json" },
  },
});
