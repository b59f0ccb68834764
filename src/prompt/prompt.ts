import { emitApis, rootTypings } from "../emit/emit.js";
import { formatApis } from "../format/format.js";
import type { ServerListing } from "../snapshot/types.js";
import { digestLine, renderDigest } from "./digest.js";
import { listMembers, type Member } from "./members.js";
import { searchMembers, selectMembers } from "./select.js";

/**
 * The typings an LLM needs: every namespace, or with `tools` (selectors such as
 * `github.createIssue`, `github.*`) only the chosen functions and the types they use.
 */
export async function promptTypings(listings: ServerListing[], options: { tools?: string[] } = {}): Promise<string> {
  if (!options.tools) return rootTypings(await formatApis(emitApis(listings).apis));
  const chosen = new Map<string, Set<string>>();
  for (const member of selectMembers(listMembers(listings), options.tools)) {
    const names = chosen.get(member.namespace) ?? chosen.set(member.namespace, new Set()).get(member.namespace)!;
    // A resource or prompt function comes with its whole (small) sub-namespace.
    names.add(member.path.split(".")[0]!);
  }
  const { apis } = emitApis(listings, (namespace) => (member) => chosen.get(namespace)?.has(member) ?? false);
  return rootTypings(await formatApis(apis.filter((api) => chosen.has(api.namespace))));
}

export interface Digest {
  text: string;
  /** The functions listed, and how many the API has. */
  shown: number;
  total: number;
}

/** One line per function of the API (see `renderDigest`); with `search`, the lines holding every word of it. */
export function promptDigest(listings: ServerListing[], options: { search?: string } = {}): Digest {
  const members = listMembers(listings);
  const shown: Member[] = options.search === undefined ? members : searchMembers(members, options.search, digestLine);
  return { text: renderDigest(shown, members.length), shown: shown.length, total: members.length };
}
