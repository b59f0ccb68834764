/** Arguments shown whole up to this many characters of JSON; past it, each long value is cut instead. */
const WHOLE_MAX = 300;
/** A string's JSON shown whole up to this many characters: paths, recipients and queries fit. */
const VALUE_MAX = 200;
/** Characters kept at each end of a longer string, around a count of those not shown. */
const VALUE_ENDS = 80;
/** Entries of an array, or keys of an object, shown before the rest are counted instead. */
const MAX_ENTRIES = 40;
/** Nesting shown; deeper values are counted instead. */
const MAX_DEPTH = 6;

/** The arguments as a person is shown them before approving a call. */
export interface ArgumentsPreview {
  text: string;
  /** Whether `text` shows every argument whole; when not, it says what it leaves out. */
  complete: boolean;
}

/**
 * The arguments as JSON; when that is long, every key and every array entry (up to
 * {@link MAX_ENTRIES} of each) with its value, a long string cut in its middle: a long first value
 * cannot push the rest (a path, a recipient) out of sight, an entry in the middle of `paths` or
 * `edits` is not cut away with the middle of the array's text, and what follows a string's first
 * characters (`notes/today/../../../../.bashrc`) is shown too. Whatever is left out is counted in
 * its place, and `complete` says whether anything was: the asker then offers the whole.
 */
export function argumentsPreview(args: Record<string, unknown>): ArgumentsPreview {
  const whole = JSON.stringify(args);
  if (whole.length <= WHOLE_MAX) return { text: whole, complete: true };
  const state = { complete: true };
  return { text: `${preview(args, 0, state)} (${whole.length} characters in all)`, complete: state.complete };
}

/** The arguments whole, indented, for a person who asked to see them all. */
export function argumentsInFull(args: Record<string, unknown>): string {
  return JSON.stringify(args, null, 2);
}

function preview(value: unknown, depth: number, state: { complete: boolean }): string {
  if (typeof value === "string") {
    const shown = JSON.stringify(value);
    if (shown.length <= VALUE_MAX) return shown;
    state.complete = false;
    return `${shown.slice(0, VALUE_ENDS)}…(${shown.length - 2 * VALUE_ENDS} characters not shown)…${shown.slice(-VALUE_ENDS)}`;
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const array = Array.isArray(value);
  const entries: [string, unknown][] = array ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  if (entries.length === 0) return array ? "[]" : "{}";
  if (depth >= MAX_DEPTH) {
    state.complete = false;
    return array ? `[…(${entries.length} entries not shown)]` : `{…(${entries.length} keys not shown)}`;
  }
  const shown = entries.slice(0, MAX_ENTRIES).map(([key, item]) => (array ? "" : `${JSON.stringify(key)}:`) + preview(item, depth + 1, state));
  const left = entries.length - shown.length;
  if (left > 0) {
    state.complete = false;
    shown.push(`…(${left} more ${array ? "entries" : "keys"} not shown)`);
  }
  return array ? `[${shown.join(",")}]` : `{${shown.join(",")}}`;
}
