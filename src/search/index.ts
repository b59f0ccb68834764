/** Search over a generated API by words: shared by `codemode prompt --search` and `codemode serve`. */
export { buildSearchIndex, search, type SearchIndex } from "./search.js";
export type { SearchHit, SearchOptions } from "./types.js";
