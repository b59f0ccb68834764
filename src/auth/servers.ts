import type { ResolvedConfig } from "../config/types.js";
import { CodemodeError } from "../errors.js";
import { editDistance } from "../util/edit-distance.js";
import type { RemoteServer } from "./stored.js";

/** The remote server called `name`, or an error saying which names would do. */
export function findRemoteServer(config: ResolvedConfig, name: string): RemoteServer {
  const server = config.servers.find((candidate) => candidate.name === name);
  const remote = config.servers.filter((candidate) => candidate.kind === "remote").map((candidate) => candidate.name);
  const choices = remote.length > 0 ? `remote servers: ${remote.join(", ")}` : "the config has no remote (url) servers";
  if (!server) {
    const near = config.servers.find((candidate) => editDistance(candidate.name, name) <= 2);
    throw new CodemodeError("USAGE", `no server named "${name}"${near ? ` (did you mean "${near.name}"?)` : ""}`, { hint: choices });
  }
  if (server.kind !== "remote") {
    throw new CodemodeError("USAGE", `server "${name}" is a ${server.kind} server; only remote (url) servers sign in`, { hint: choices });
  }
  return server;
}

export function sendsAuthorization(server: RemoteServer): boolean {
  return Object.keys(server.headers ?? {}).some((name) => name.toLowerCase() === "authorization");
}
