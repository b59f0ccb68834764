import { agentGlobals, emitApis } from "../emit/emit.js";
import type { ServerApi } from "../emit/server.js";
import type { ServerListing } from "../snapshot/types.js";
import { buildSearchIndex, search } from "../search/index.js";
import { renderDigest } from "./digest.js";
import { listMembers, type Member } from "./members.js";
import { selectMembers } from "./select.js";

/** prettier, imported when typings are asked for: a digest does not need it. */
async function formatApis(apis: ServerApi[]): Promise<ServerApi[]> {
  return (await import("../format/format.js")).formatApis(apis);
}

/**
 * The typings an LLM needs: every namespace, or with `tools` (selectors such as
 * `github.createIssue`, `github.*`) only the chosen functions and the types they use; after
 * the shared types those use, without the banner of the files (see `agentGlobals`).
 */
export async function promptTypings(listings: ServerListing[], options: { tools?: string[] } = {}): Promise<string> {
  if (!options.tools) return agentGlobals(await formatApis(emitApis(listings).apis));
  const chosen = new Map<string, Set<string>>();
  for (const member of selectMembers(listMembers(listings), options.tools)) {
    const names = chosen.get(member.namespace) ?? chosen.set(member.namespace, new Set()).get(member.namespace)!;
    // A resource or prompt function comes with its whole (small) sub-namespace.
    names.add(member.path.split(".")[0]!);
  }
  const { apis } = emitApis(listings, (namespace) => (member) => chosen.get(namespace)?.has(member) ?? false);
  return agentGlobals(await formatApis(apis.filter((api) => chosen.has(api.namespace))));
}

export interface Digest {
  text: string;
  /** The functions listed, and how many the API has. */
  shown: number;
  total: number;
}

/**
 * One line per function of the API (see `renderDigest`); with `search`, the best matches of its
 * words, best first (see `search`), at most `limit` of them.
 */
export function promptDigest(listings: ServerListing[], options: { search?: string; limit?: number } = {}): Digest {
  const members = listMembers(listings);
  const shown: Member[] = options.search === undefined ? members : searched(listings, members, options.search, options.limit);
  return { text: renderDigest(shown, members.length), shown: shown.length, total: members.length };
}

function searched(listings: ServerListing[], members: Member[], query: string, limit = 10): Member[] {
  const byName = new Map(members.map((member) => [`${member.namespace}.${member.path}`, member]));
  return search(buildSearchIndex(listings), query, { limit }).map((hit) => byName.get(hit.function)!);
}
