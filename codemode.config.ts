import { defineConfig } from "codemode";

// The example servers are devDependencies, started by path with this Node: no network needed.
const server = (pkg: string, ...args: string[]) => ({
  command: process.execPath,
  args: [`node_modules/@modelcontextprotocol/${pkg}/dist/index.js`, ...args],
});

export default defineConfig({
  outDir: "examples/generated",
  servers: {
    everything: server("server-everything"),
    memory: { ...server("server-memory"), env: { MEMORY_FILE_PATH: "${MEMORY_FILE_PATH:-examples/memory.jsonl}" } },
    filesystem: server("server-filesystem", "examples"),
    "sequential-thinking": { snapshot: "test/fixtures/servers/sequential-thinking.json" },
  },
});
