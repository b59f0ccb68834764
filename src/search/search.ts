import { digestLine } from "../prompt/digest.js";
import { listMembers, type Member } from "../prompt/members.js";
import type { ServerListing } from "../snapshot/types.js";
import { tokens } from "./tokens.js";
import { MAX_QUERY_CHARS, type SearchHit, type SearchOptions } from "./types.js";

/**
 * How much a word counts by where it stands: a word of the function's own name says more about
 * it than one of its arguments, and those more than a word of its description.
 */
const FIELD_WEIGHTS = { name: 3, wire: 2, arguments: 1.5, description: 1, namespace: 0.5 } as const;
/** BM25's usual constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

interface Document {
  hit: Omit<SearchHit, "score">;
  /** Weighted frequency of each stemmed word. */
  terms: Map<string, number>;
  length: number;
}

/** What {@link search} reads: built once per API, pure data. */
export interface SearchIndex {
  documents: Document[];
  /** In how many documents each word occurs. */
  frequency: Map<string, number>;
  averageLength: number;
}

/**
 * Indexes every function of the listed servers (tools, resource templates, prompts), named
 * exactly as the typings name them; `namespaces` maps a server's config name to its namespace
 * (see `namespaceNames`), for callers that name namespaces themselves.
 */
export function buildSearchIndex(listings: ServerListing[], namespaces: Map<string, string> = new Map()): SearchIndex {
  const documents = listMembers(listings).map((member) => indexMember({ ...member, namespace: namespaces.get(member.server) ?? member.namespace }));
  const frequency = new Map<string, number>();
  for (const document of documents) for (const term of document.terms.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(1, documents.length);
  return { documents, frequency, averageLength };
}

function indexMember(member: Member): Document {
  const terms = new Map<string, number>();
  let length = 0;
  const add = (text: string, weight: number) => {
    for (const term of tokens(text)) {
      terms.set(term, (terms.get(term) ?? 0) + weight);
      length += weight;
    }
  };
  add(member.path, FIELD_WEIGHTS.name);
  add(member.wire, FIELD_WEIGHTS.wire);
  add(member.argumentNames.join(" "), FIELD_WEIGHTS.arguments);
  add(member.description, FIELD_WEIGHTS.description);
  add(`${member.namespace} ${member.server}`, FIELD_WEIGHTS.namespace);
  const hit = { function: `${member.namespace}.${member.path}`, server: member.server, tool: member.wire, signature: digestLine(member) };
  return { hit, terms, length };
}

/**
 * The functions that best match a query in plain words, best first: BM25 over whole, stemmed
 * words, so "read file" finds `readTextFile` and not `createDirectory` ("already"). Functions
 * matching none of the words are left out. Only the query's first {@link MAX_QUERY_CHARS}
 * characters are read.
 */
export function search(index: SearchIndex, query: string, options: SearchOptions = {}): SearchHit[] {
  const wanted = [...new Set(tokens(query.slice(0, MAX_QUERY_CHARS)))];
  const total = index.documents.length;
  const scored: SearchHit[] = [];
  for (const document of index.documents) {
    let score = 0;
    let matched = 0;
    for (const term of wanted) {
      const tf = document.terms.get(term);
      if (!tf) continue;
      matched++;
      const df = index.frequency.get(term) ?? 0;
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * document.length) / index.averageLength));
    }
    // A function holding every word of the query beats one holding the rarest word twice.
    if (matched > 0) scored.push({ ...document.hit, score: score * (matched / wanted.length) });
  }
  scored.sort((a, b) => b.score - a.score || (a.function < b.function ? -1 : a.function > b.function ? 1 : 0));
  return scored.slice(0, options.limit ?? 10);
}
