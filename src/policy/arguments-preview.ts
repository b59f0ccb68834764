/** Arguments shown whole up to this many characters of JSON; past it, each value is cut instead. */
const WHOLE_MAX = 300;
/** Characters of each value's JSON shown when the whole is too long. */
const VALUE_MAX = 60;

/**
 * The arguments as JSON; when that is long, every key with its value cut short, so that a long
 * first value cannot push the rest (a path, a recipient) out of sight.
 */
export function argumentsPreview(args: Record<string, unknown>): string {
  const whole = JSON.stringify(args);
  if (whole.length <= WHOLE_MAX) return whole;
  const entries = Object.entries(args).map(([key, value]) => {
    const shown = JSON.stringify(value) ?? "undefined";
    return `${JSON.stringify(key)}:${shown.length > VALUE_MAX ? `${shown.slice(0, VALUE_MAX)}…` : shown}`;
  });
  return `{${entries.join(",")}} (${whole.length} characters in all)`;
}
