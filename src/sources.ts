import path from "node:path";
import type { ResolvedConfig } from "./config/types.js";
import { CodemodeError } from "./errors.js";
import type { ProgressEvent } from "./introspect/introspect.js";
import type { LiveServer } from "./introspect/transport.js";
import { readSnapshotFile } from "./snapshot/read.js";
import type { ServerListing } from "./snapshot/types.js";

export interface SourceOptions {
  /** Only these servers are introspected; the others come from their committed snapshots. */
  servers?: string[];
  /** Read every server from its committed `snapshot.json` instead of starting it. */
  offline?: boolean;
  env?: NodeJS.ProcessEnv;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * Gets every configured server's listing: from its `snapshot:` file, from the committed
 * `snapshot.json` (offline, or not selected with `-s`), or by introspecting it live.
 */
export async function collectListings(config: ResolvedConfig, options: SourceOptions = {}): Promise<ServerListing[]> {
  if (config.servers.length === 0) throw noServers(config);
  const selected = selectServers(config, options.servers);
  const committed = (name: string) => path.join(config.outDir, name, "snapshot.json");
  const live: LiveServer[] = [];
  const reads: Promise<ServerListing | undefined>[] = [];
  for (const server of config.servers) {
    if (server.kind === "snapshot") reads.push(readSnapshotFile(server.snapshot, server.name));
    else if (options.offline) reads.push(readSnapshotFile(committed(server.name), server.name));
    else if (selected.has(server.name)) live.push(server);
    // Not selected: keep what is committed, so the root typings still hold every server.
    else reads.push(readSnapshotFile(committed(server.name), server.name).catch(() => undefined));
  }
  // The MCP client (and zod with it) loads only when some server is started.
  const introspected = live.length > 0 ? import("./introspect/introspect.js").then(({ introspectAll }) => introspectAll(live, options)) : [];
  const [fromFiles, fromServers] = await Promise.all([Promise.all(reads), introspected]);
  return [...fromFiles.filter((listing): listing is ServerListing => listing !== undefined), ...fromServers];
}

/** Nothing to generate or prompt with: better said than a folder of shared types alone. */
function noServers(config: ResolvedConfig): CodemodeError {
  const where = config.file ? path.basename(config.file) : "the config";
  return new CodemodeError("CONFIG_INVALID", `${where} has no servers`, {
    hint: `add one under "servers" (see the README), or import an MCP client's config with import: [".mcp.json"]`,
  });
}

/** The config with only the servers `names` (all without names); throws for a name it does not have, listing those it has. */
export function onlyServers(config: ResolvedConfig, names: string[] | undefined): ResolvedConfig {
  if (!names || names.length === 0) return config;
  const selected = selectServers(config, names);
  return { ...config, servers: config.servers.filter((server) => selected.has(server.name)) };
}

function selectServers(config: ResolvedConfig, names: string[] | undefined): Set<string> {
  const known = config.servers.map((server) => server.name);
  if (!names || names.length === 0) return new Set(known);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new CodemodeError("USAGE", `unknown server ${unknown.map((n) => `"${n}"`).join(", ")}`, {
      hint: `the config has: ${known.join(", ") || "no servers"}`,
    });
  }
  return new Set(names);
}
