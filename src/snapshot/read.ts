import { readFile } from "node:fs/promises";
import { CodemodeError, messageOf } from "../errors.js";
import { canonicalize, type RawListing } from "./canonical.js";
import type { ServerListing } from "./types.js";

/**
 * Reads a `tools/list`-shaped dump (or a codemode `snapshot.json`) for a server. Anything
 * holding a `tools` array works; the other lists are optional and other keys are ignored.
 */
export async function readSnapshotFile(file: string, server: string): Promise<ServerListing> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new CodemodeError(missing ? "SNAPSHOT_MISSING" : "SNAPSHOT_INVALID", `server "${server}": cannot read snapshot ${file}: ${messageOf(error)}`, {
      location: { server, file },
      ...(missing ? { hint: "run `codemode generate` without --offline once to create it" } : {}),
    });
  }
  return parseSnapshot(text, file, server);
}

/** Parses snapshot text; `file` only names the source in errors. */
export function parseSnapshot(text: string, file: string, server: string): ServerListing {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CodemodeError("SNAPSHOT_INVALID", `server "${server}": ${file} is not valid JSON: ${messageOf(error)}`, {
      location: { server, file },
    });
  }
  // A bare `tools/list` JSON-RPC response wraps the lists in `result`.
  if (raw && typeof raw === "object" && "result" in raw && !("tools" in raw)) raw = (raw as { result: unknown }).result;
  if (!raw || typeof raw !== "object" || !Array.isArray((raw as RawListing).tools)) {
    throw new CodemodeError("SNAPSHOT_INVALID", `server "${server}": ${file} has no "tools" array`, {
      location: { server, file },
      hint: "a snapshot holds at least { \"tools\": [...] } as a tools/list result does",
    });
  }
  return { name: server, ...canonicalize(raw as RawListing, server) };
}
