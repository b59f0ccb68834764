/** Arguments shown whole up to this many characters of JSON; past it, each long value is cut instead. */
const WHOLE_MAX = 300;
/** A value's JSON shown whole up to this many characters: paths, recipients and queries fit. */
const VALUE_MAX = 200;
/** Characters kept at each end of a longer value, around a count of those not shown. */
const VALUE_ENDS = 80;

/**
 * The arguments as JSON; when that is long, every key with its value, a long value cut in its
 * middle, so that a long first value cannot push the rest (a path, a recipient) out of sight, and
 * what follows a value's first characters (`notes/today/../../../../.bashrc`) is not hidden
 * either: a value is shown whole up to {@link VALUE_MAX}, and past it its two ends, with how much
 * of it is not shown.
 */
export function argumentsPreview(args: Record<string, unknown>): string {
  const whole = JSON.stringify(args);
  if (whole.length <= WHOLE_MAX) return whole;
  const entries = Object.entries(args).map(([key, value]) => {
    const shown = JSON.stringify(value) ?? "undefined";
    const cut = shown.length > VALUE_MAX ? `${shown.slice(0, VALUE_ENDS)}…(${shown.length - 2 * VALUE_ENDS} characters not shown)…${shown.slice(-VALUE_ENDS)}` : shown;
    return `${JSON.stringify(key)}:${cut}`;
  });
  return `{${entries.join(",")}} (${whole.length} characters in all)`;
}
