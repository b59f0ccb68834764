import { jsonShape } from "./json-shape.js";

/** Indented only up to this depth and size: past them, indentation is most of the text. */
const MAX_INDENTED_DEPTH = 20;
const MAX_INDENTED_CHARS = 2 ** 20;

/**
 * A returned value as JSON for a person or a model: indented when that costs little, compact
 * otherwise. Indentation costs each line its depth: a value nested 990 deep around 200,000
 * elements, 400 KB compact and within every limit of a run, printed as 400 MB (2 million
 * elements: 30 s and 4 GB, then a crash). Bounded here, at most a line per two characters of a
 * 1 MiB value, each indented 40 at most.
 */
export function readableJson(value: unknown): string {
  const compact = JSON.stringify(value);
  if (compact.length > MAX_INDENTED_CHARS || jsonShape(compact).depth > MAX_INDENTED_DEPTH) return compact;
  return JSON.stringify(value, null, 2);
}
