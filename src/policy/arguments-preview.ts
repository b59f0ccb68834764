import type { JsonSchema } from "../snapshot/types.js";
import { displayWidth } from "../util/display-width.js";
import { ArgumentSchema } from "./argument-schema.js";
import { keyText, orderedEntries, stringText, undeclaredMark } from "./argument-text.js";

/** Arguments shown whole, on one line, up to this many characters of JSON. */
const WHOLE_MAX = 300;
/** The most columns a longer preview takes: a question that fills the screen scrolls its own start (the call it names) away. */
const PREVIEW_MAX = 1200;
/** A top-level string is shown whole up to this many characters while the preview fits: a path, a recipient, a query. */
const TOP_VALUE_MAX = 200;

/** How much of each value a preview shows; each level shows less, until the preview fits {@link PREVIEW_MAX}. */
interface Level {
  /** A string's (or key's) JSON shown whole up to this many characters; past it, its two ends. */
  valueMax: number;
  ends: number;
  /** Entries of an array, or keys of an object, shown before the rest are counted. */
  entries: number;
  /** Nesting shown; deeper values are counted. */
  depth: number;
  /** Whether the top-level strings keep {@link TOP_VALUE_MAX} whatever the level shows of the rest. */
  keepTop: boolean;
}
/** Short arguments: everything shown (lookalikes still escaped, runs of spaces still counted). */
const WHOLE: Level = { valueMax: Infinity, ends: 0, entries: Infinity, depth: Infinity, keepTop: true };
const SHRINKING = [
  { valueMax: 200, ends: 80, entries: 40, depth: 6 },
  { valueMax: 80, ends: 30, entries: 12, depth: 6 },
  { valueMax: 40, ends: 16, entries: 6, depth: 6 },
  { valueMax: 24, ends: 8, entries: 4, depth: 3 },
  // Up to twelve top-level keys and the size of each value: at most about 1,000 characters.
  { valueMax: 16, ends: 6, entries: 12, depth: 1 },
];
/** The top-level strings kept whole first; only when they alone are too long, cut like the rest. */
const LEVELS: readonly Level[] = [...SHRINKING.map((level) => ({ ...level, keepTop: true })), ...SHRINKING.slice(1).map((level) => ({ ...level, keepTop: false }))];

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
 * middle of the array's text. At every level the keys the tool's input schema declares come first
 * and those it does not are marked: agent code chooses the order of the rest, and may add keys the
 * server ignores (lookalikes, or a `dryRun` it does not have). Lookalikes are escaped and runs of
 * spaces counted (see `argument-text.ts`). The whole stays under
 * {@link PREVIEW_MAX} columns by showing less of each value, the top-level strings (a path) last.
 * What is left out is counted in its place, and `complete` says whether anything was, or whether a
 * string has several lines: the asker then offers the whole.
 */
export function argumentsPreview(args: Record<string, unknown>, inputSchema?: JsonSchema): ArgumentsPreview {
  const schema = ArgumentSchema.of(inputSchema);
  const whole = JSON.stringify(args);
  if (whole.length <= WHOLE_MAX) {
    const state = { complete: true };
    return { text: object(args, schema, WHOLE, 0, state), complete: state.complete };
  }
  let shown: ArgumentsPreview = { text: "", complete: false };
  for (const level of LEVELS) {
    const state = { complete: true };
    shown = { text: `${object(args, schema, level, 0, state)} (${whole.length} characters in all)`, complete: state.complete };
    if (displayWidth(shown.text) <= PREVIEW_MAX) break;
  }
  return shown;
}

interface State {
  complete: boolean;
}

function preview(value: unknown, schema: ArgumentSchema, level: Level, depth: number, state: State): string {
  // On one line, `\n` reads as text (a line break in what looks like a comment): such a string is
  // left for the listing, which shows it as its lines.
  if (typeof value === "string") {
    if (value.includes("\n")) state.complete = false;
    const top = depth === 1 && level.keepTop ? { ...level, valueMax: Math.max(level.valueMax, TOP_VALUE_MAX), ends: Math.max(level.ends, 80) } : level;
    return cut(stringText(value), top, state);
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return array(value, schema.items, level, depth, state);
  return object(value as Record<string, unknown>, schema, level, depth, state);
}

function array(items: unknown[], schema: ArgumentSchema, level: Level, depth: number, state: State): string {
  if (items.length === 0) return "[]";
  if (depth >= level.depth) {
    state.complete = false;
    return `[…(${items.length} entries not shown)]`;
  }
  const shown = items.slice(0, level.entries).map((item) => preview(item, schema, level, depth + 1, state));
  return `[${[...shown, ...more(items.length - shown.length, "entries", state)].join(",")}]`;
}

function object(value: Record<string, unknown>, schema: ArgumentSchema, level: Level, depth: number, state: State): string {
  const entries = orderedEntries(value, schema);
  if (entries.length === 0) return "{}";
  if (depth >= level.depth) {
    state.complete = false;
    return `{…(${entries.length} keys not shown)}`;
  }
  const shown = entries.slice(0, level.entries).map(([key, item]) => `${cut(keyText(key), level, state)}${undeclaredMark(key, schema)}:${preview(item, schema.property(key), level, depth + 1, state)}`);
  return `{${[...shown, ...more(entries.length - shown.length, "keys", state)].join(",")}}`;
}

function more(left: number, what: string, state: State): string[] {
  if (left <= 0) return [];
  state.complete = false;
  return [`…(${left} more ${what} not shown)`];
}

/** A string's or key's text, cut in its middle past the level's length. */
function cut(shown: string, level: Level, state: State): string {
  if (shown.length <= level.valueMax) return shown;
  state.complete = false;
  return `${shown.slice(0, level.ends)}…(${shown.length - 2 * level.ends} characters not shown)…${shown.slice(-level.ends)}`;
}
