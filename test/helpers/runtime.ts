import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { configFromObject } from "../../src/config/load.js";
import { generate } from "../../src/generate.js";
import { listServer } from "../../src/introspect/introspect.js";
import { createRuntime, type Runtime, type RuntimeOptions, type RunOptions } from "../../src/runtime/runtime.js";
import { createDemoServer } from "../servers/demo.js";

/** What {@link demoRuntime} builds a runtime with: the sources by default; the benchmarks pass the built `dist/` (see `bench/built.ts`). */
export interface RuntimeModules {
  configFromObject: typeof configFromObject;
  generate: typeof generate;
  listServer: typeof listServer;
  createRuntime: typeof createRuntime;
}

const SOURCES: RuntimeModules = { configFromObject, generate, listServer, createRuntime };

/**
 * A runtime over the demo server, reached in memory through a client the test holds: the
 * demo's packages are generated into a temporary folder first, as a user would; `close`
 * removes it (the benchmarks and a test run make dozens).
 */
export async function demoRuntime(
  defaults: RunOptions = {},
  server: { onCall?: (tool: string) => void } = {},
  options: Omit<RuntimeOptions, "config" | "clients" | "defaults"> = {},
  modules: RuntimeModules = SOURCES,
): Promise<{ runtime: Runtime; close: () => Promise<void> }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createDemoServer({ delayMs: 100, ...server }).connect(serverSide);
  const client = new Client({ name: "test", version: "1" });
  await client.connect(clientSide);
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-runtime-"));
  const { snapshot } = await modules.listServer(client, "demo");
  await writeFile(path.join(dir, "demo.json"), JSON.stringify(snapshot));
  const config = modules.configFromObject({ outDir: "out", servers: { demo: { snapshot: "demo.json" } } }, dir);
  await modules.generate(config);
  const runtime = await modules.createRuntime({ ...options, config, clients: { demo: client }, defaults });
  return {
    runtime,
    close: async () => {
      await runtime.close();
      await client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
