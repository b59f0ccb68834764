import { configFromObject } from "../../src/config/load.js";
import type { CodemodeConfig, ResolvedConfig } from "../../src/config/types.js";
import type { LiveServer } from "../../src/introspect/transport.js";

/** A stdio entry running a package's server with this Node, by path: no network, no npx. */
export function packageServer(pkg: string, ...args: string[]) {
  return { command: process.execPath, args: [`node_modules/@modelcontextprotocol/${pkg}/dist/index.js`, ...args] };
}

/** A stdio entry running one of test/fixtures/faulty's misbehaving servers. */
export function faultyServer(name: string, timeoutMs = 5000) {
  return { command: process.execPath, args: [`test/fixtures/faulty/${name}.mjs`], timeoutMs };
}

export function resolved(config: CodemodeConfig, cwd = process.cwd()): ResolvedConfig {
  return configFromObject(config, cwd);
}

export function liveServers(config: CodemodeConfig): LiveServer[] {
  return resolved(config).servers.filter((server): server is LiveServer => server.kind !== "snapshot");
}
