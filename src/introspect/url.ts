import { interpolate } from "../config/interpolate.js";
import type { ResolvedServer } from "../config/types.js";

/** A remote server's URL with its `${VAR}`s expanded: the key its token cache entry goes by. Apart from `transport.ts`, so `codemode auth` status does not load the MCP client. */
export function remoteUrl(server: Extract<ResolvedServer, { kind: "remote" }>, env: NodeJS.ProcessEnv): URL {
  return new URL(interpolate(server.url, env, `servers.${server.name}.url`));
}
