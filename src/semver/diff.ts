import type { ResolvedConfig } from "../config/types.js";
import { readSnapshotFile } from "../snapshot/read.js";
import { collectListings, onlyServers, type SourceOptions } from "../sources.js";
import { classifyChanges, type ApiChange } from "./classify.js";
import { readCommitted } from "./release.js";

/** Classified changes per server; `breaking` when any is major. */
export interface DiffResult {
  changes: Record<string, ApiChange[]>;
  breaking: boolean;
}

/** Changes between the live servers (or their `snapshot:` files) and the committed snapshots. */
export async function diff(config: ResolvedConfig, options: SourceOptions = {}): Promise<DiffResult> {
  const listings = await collectListings(onlyServers(config, options.servers), options);
  const changes: Record<string, ApiChange[]> = {};
  for (const listing of listings) {
    const committed = await readCommitted(config.outDir, listing.name);
    const found = committed.snapshot ? classifyChanges(committed.snapshot, listing.snapshot) : [{ level: "minor" as const, text: "not generated yet" }];
    if (found.length > 0) changes[listing.name] = found;
  }
  return result(changes);
}

/** Changes between two snapshot files (`tools/list`-shaped dumps or codemode snapshots), keyed by `label`. */
export async function diffFiles(before: string, after: string, label = after): Promise<DiffResult> {
  const [a, b] = await Promise.all([readSnapshotFile(before, label), readSnapshotFile(after, label)]);
  const found = classifyChanges(a.snapshot, b.snapshot);
  return result(found.length > 0 ? { [label]: found } : {});
}

function result(changes: Record<string, ApiChange[]>): DiffResult {
  return { changes, breaking: Object.values(changes).some((list) => list.some((change) => change.level === "major")) };
}
