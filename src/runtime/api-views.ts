/**
 * What the runtime derives from the listings with the emitter: agent code's typings, the
 * prompt's, search, and the names for "did you mean" hints. The emitter is about 30 modules
 * (35 ms of a fresh process), so `runtime.ts` imports this file (and `host-api.ts`, which names
 * functions with it) only after its sandboxes and its checker have what they wait for; the
 * checker's typings come from `agent-typings.ts`'s cache when they can. (A config that imports
 * `codemode` for `defineConfig` has loaded most of the emitter with the package's entry by then.)
 */
import type { ResolvedConfig } from "../config/types.js";
import { emitApis, rootTypings } from "../emit/emit.js";
import { emitServerApi, namespaceNames } from "../emit/server.js";
import type { ServerListing } from "../snapshot/types.js";
import type { VisibleApi } from "./agent-error.js";

export { promptTypings } from "../prompt/prompt.js";
export { buildSearchIndex, search } from "../search/index.js";
export { namespaceNames };

/** Every visible server's namespace as a global: what agent code is checked against. */
export function agentTypingsOf(listings: ServerListing[]): string {
  return rootTypings(emitApis(listings).apis);
}

/** The names agent code can call, for "did you mean" hints. */
export function visibleApi(config: ResolvedConfig, listings: Map<string, ServerListing>): VisibleApi {
  const names = namespaceNames(config.servers.map((s) => s.name));
  const api: VisibleApi = new Map();
  for (const [server, namespace] of names) {
    // The same emitter that named the functions in the shim names them here.
    const { spec } = emitServerApi(listings.get(server)!, namespace);
    api.set(namespace, [
      ...spec.tools.map(([fn]) => fn),
      ...(spec.read ? ["resources.read"] : []),
      ...spec.templates.map(([fn]) => `resources.${fn}`),
      ...spec.prompts.map(([fn]) => `prompts.${fn}`),
    ]);
  }
  return api;
}
