/** One function a search found, best first. */
export interface SearchHit {
  /** As the typings name it: `memory.readGraph`, `everything.resources.read`. */
  function: string;
  /** The server's config name. */
  server: string;
  /** The MCP name (tool, prompt or resource template). */
  tool: string;
  /** One line: `memory.searchNodes({ query }) — Search for nodes … [read-only]`. */
  signature: string;
  /** BM25 score: only comparable within one search. */
  score: number;
}

export interface SearchOptions {
  /** The most hits returned. @default 10 */
  limit?: number;
}

/**
 * The characters of a query read: far more than any search in words, and a bound on the host's
 * time (`codemode serve` takes queries from the model; 17 million characters held its thread for
 * 2.5 s).
 */
export const MAX_QUERY_CHARS = 1000;
