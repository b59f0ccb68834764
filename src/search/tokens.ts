/**
 * Words for search: names split where a programmer splits them (`readTextFile`, `read_text`,
 * `read-text`, `fs.read`), prose split at anything not a letter or digit, each word lowercased
 * and stemmed lightly so that "files", "reading" and "created" meet "file", "read", "create".
 */

/** Short words that say nothing about what a function does. */
const STOP_WORDS = new Set(
  "a an and are as at be by can do for from how i in is it its me my of on or that the this to was what when which with you your".split(" "),
);

/** The words of a name or of prose, lowercased, before stemming. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The stemmed words of `text`, stop words left out: what the index stores and queries ask. */
export function tokens(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

/**
 * A light suffix stripper (plural, -ing, -ed, a final e), not Porter: it only has to make the
 * forms of one word meet, and whole-word matching keeps "read" out of "already".
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let stemmed = word;
  if (stemmed.endsWith("ies") && stemmed.length > 4) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.endsWith("ing") && stemmed.length > 5) stemmed = undouble(stemmed.slice(0, -3));
  else if (stemmed.endsWith("ed") && stemmed.length > 4) stemmed = undouble(stemmed.slice(0, -2));
  else if (/(ss|x|ch|sh)es$/.test(stemmed)) stemmed = stemmed.slice(0, -2);
  else if (stemmed.endsWith("s") && !/(ss|us|is)$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (stemmed.endsWith("e") && stemmed.length > 3) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

/** `runn` → `run`, `stopp` → `stop`; `fill`, `pass` and `buzz` keep theirs. */
function undouble(word: string): string {
  return /([^aeiouslz])\1$/.test(word) ? word.slice(0, -1) : word;
}
