/** Arguments shown whole, on one line, up to this many characters of JSON. */
const WHOLE_MAX = 300;
/** The most a longer preview holds: a question that fills the screen scrolls its own start (the call it names) away. */
const PREVIEW_MAX = 1200;

/** How much of each value a preview shows; each level shows less, until the preview fits {@link PREVIEW_MAX}. */
interface Level {
  /** A string's (or key's) JSON shown whole up to this many characters; past it, its two ends. */
  valueMax: number;
  ends: number;
  /** Entries of an array, or keys of an object, shown before the rest are counted. */
  entries: number;
  /** Nesting shown; deeper values are counted. */
  depth: number;
}
/** Short arguments: everything shown (keys still escaped, blank runs still counted). */
const WHOLE: Level = { valueMax: Infinity, ends: 0, entries: Infinity, depth: Infinity };
const LEVELS: readonly Level[] = [
  // Paths, recipients and queries fit whole.
  { valueMax: 200, ends: 80, entries: 40, depth: 6 },
  { valueMax: 80, ends: 30, entries: 12, depth: 6 },
  { valueMax: 40, ends: 16, entries: 6, depth: 6 },
  { valueMax: 24, ends: 8, entries: 4, depth: 3 },
  // Up to twelve top-level keys and the size of each value: at most about 1,000 characters.
  { valueMax: 16, ends: 6, entries: 12, depth: 1 },
];

/** Space-like characters: a run of them is counted, not shown (padding scrolls the question, or moves text to where a line starts). */
const BLANK_RUN = /[\s\u2800\u3164\u115f\u1160\uffa0]{8,}/gu;

/** The arguments as a person is shown them before approving a call. */
export interface ArgumentsPreview {
  text: string;
  /** Whether `text` shows every argument whole; when not, it says what it leaves out. */
  complete: boolean;
}

/**
 * The arguments as JSON when short; when long, every key and every array entry with its value,
 * each long string cut in its middle (its two ends shown), so that a long first value cannot push
 * the rest out of sight and an entry in the middle of `paths` or `edits` is not cut away with the
 * middle of the array's text. The arguments the tool's schema declares (`declared`, in its order)
 * come first: agent code chooses the order of the rest, and may add lookalike keys the server
 * ignores. Keys show non-ASCII characters as escapes (`"p\u0430th"` is not `"path"`), runs of
 * blanks are counted, and the whole stays under {@link PREVIEW_MAX} characters by showing less
 * of each value. What is left out is counted in its place, and `complete` says whether anything
 * was: the asker then offers the whole.
 */
export function argumentsPreview(args: Record<string, unknown>, declared: readonly string[] = []): ArgumentsPreview {
  const whole = JSON.stringify(args);
  const entries = ordered(args, declared);
  if (whole.length <= WHOLE_MAX) return { text: object(entries, WHOLE, 0, { complete: true }), complete: true };
  for (const level of LEVELS) {
    const state = { complete: true };
    const text = `${object(entries, level, 0, state)} (${whole.length} characters in all)`;
    if (text.length <= PREVIEW_MAX || level === LEVELS[LEVELS.length - 1]) return { text, complete: state.complete };
  }
  throw new Error("unreachable");
}

/** The arguments whole, indented, the declared ones first, for a person who asked to see them all. */
export function argumentsInFull(args: Record<string, unknown>, declared: readonly string[] = []): string {
  const shown: Record<string, unknown> = Object.create(null);
  // Defined, not assigned: a `__proto__` argument is shown as the key it is.
  for (const [key, value] of ordered(args, declared)) Object.defineProperty(shown, key, { value, enumerable: true });
  return JSON.stringify(shown, null, 2);
}

/** The entries of `args`, those `declared` names first in its order, then the rest in theirs. */
function ordered(args: Record<string, unknown>, declared: readonly string[]): [string, unknown][] {
  const first = declared.filter((key) => Object.hasOwn(args, key));
  const named = new Set(first);
  return [...first.map((key): [string, unknown] => [key, args[key]]), ...Object.entries(args).filter(([key]) => !named.has(key))];
}

function preview(value: unknown, level: Level, depth: number, state: { complete: boolean }): string {
  if (typeof value === "string") return text(JSON.stringify(value), level, state);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return array(value, level, depth, state);
  return object(Object.entries(value), level, depth, state);
}

function array(items: unknown[], level: Level, depth: number, state: { complete: boolean }): string {
  if (items.length === 0) return "[]";
  if (depth >= level.depth) {
    state.complete = false;
    return `[…(${items.length} entries not shown)]`;
  }
  const shown = items.slice(0, level.entries).map((item) => preview(item, level, depth + 1, state));
  return `[${[...shown, ...more(items.length - shown.length, "entries", state)].join(",")}]`;
}

function object(entries: [string, unknown][], level: Level, depth: number, state: { complete: boolean }): string {
  if (entries.length === 0) return "{}";
  if (depth >= level.depth) {
    state.complete = false;
    return `{…(${entries.length} keys not shown)}`;
  }
  const shown = entries.slice(0, level.entries).map(([key, item]) => `${text(escapedKey(key), level, state)}:${preview(item, level, depth + 1, state)}`);
  return `{${[...shown, ...more(entries.length - shown.length, "keys", state)].join(",")}}`;
}

function more(left: number, what: string, state: { complete: boolean }): string[] {
  if (left <= 0) return [];
  state.complete = false;
  return [`…(${left} more ${what} not shown)`];
}

/** A key's JSON with every character outside printable ASCII escaped: keys are names, and a lookalike letter must not pass for another. */
function escapedKey(key: string): string {
  return JSON.stringify(key).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** JSON text of a string or key: runs of blanks counted, and cut in its middle past the level's length. */
function text(json: string, level: Level, state: { complete: boolean }): string {
  const shown = json.replace(BLANK_RUN, (run) => `…(${[...run].length} blanks)…`);
  if (shown.length <= level.valueMax) return shown;
  state.complete = false;
  return `${shown.slice(0, level.ends)}…(${shown.length - 2 * level.ends} characters not shown)…${shown.slice(-level.ends)}`;
}
