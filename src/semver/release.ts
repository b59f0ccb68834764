import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseSnapshot } from "../snapshot/read.js";
import type { Snapshot } from "../snapshot/types.js";
import { bump, classifyChanges, highestLevel, type ApiChange } from "./classify.js";

/** What is committed for a package: its snapshot, version and changelog, where they exist. */
export interface Committed {
  snapshot?: Snapshot;
  version?: string;
  changelog?: string;
}

/** A package's next version and changelog, and the changes that decided them. */
export interface Release {
  version: string;
  changelog: string;
  changes: ApiChange[];
}

export const FIRST_VERSION = "1.0.0";

/** Reads what is committed for one package; missing or unreadable parts are left out. */
export async function readCommitted(outDir: string, server: string): Promise<Committed> {
  const dir = path.join(outDir, server);
  const [snapshotText, packageText, changelog] = await Promise.all(
    ["snapshot.json", "package.json", "CHANGELOG.md"].map((file) => readFile(path.join(dir, file), "utf8").catch(() => undefined)),
  );
  const committed: Committed = {};
  try {
    if (snapshotText) committed.snapshot = parseSnapshot(snapshotText, "snapshot.json", server).snapshot;
    const version = packageText ? (JSON.parse(packageText) as { version?: unknown }).version : undefined;
    if (typeof version === "string" && /^\d+\.\d+\.\d+$/.test(version)) committed.version = version;
  } catch {
    // a damaged committed package starts its history again
  }
  if (changelog) committed.changelog = changelog;
  return committed;
}

/**
 * The next release of a package: the version bumped by the highest class of change (or kept
 * when the API did not change) and the changelog with a new entry on top. No dates: the same
 * input gives the same bytes.
 */
export function nextRelease(packageName: string, committed: Committed, snapshot: Snapshot): Release {
  if (!committed.snapshot || !committed.version) {
    const changelog = `${header(packageName)}## ${FIRST_VERSION}\n\n- first generated${describeServer(snapshot)}\n`;
    return { version: FIRST_VERSION, changelog, changes: [] };
  }
  const changes = classifyChanges(committed.snapshot, snapshot);
  const level = highestLevel(changes);
  const previous = committed.changelog ?? `${header(packageName)}## ${committed.version}\n\n- first generated\n`;
  if (!level) return { version: committed.version, changelog: previous, changes };
  const version = bump(committed.version, level);
  const entry = `## ${version}\n\n${changes.map((change) => `- ${change.level}: ${change.text}`).join("\n")}\n\n`;
  const body = previous.startsWith(header(packageName)) ? previous.slice(header(packageName).length) : previous;
  return { version, changelog: `${header(packageName)}${entry}${body}`, changes };
}

function header(packageName: string): string {
  return `# Changelog of ${packageName}\n\nNewest first. Each entry lists the API changes that decided its version.\n\n`;
}

function describeServer(snapshot: Snapshot): string {
  const info = snapshot.serverInfo;
  return info ? ` from ${info.name}${info.version ? ` ${info.version}` : ""}` : "";
}
