/**
 * How large a server's message may be before the host refuses it. A hostile server is no more
 * trusted than agent code: parsing and walking a message costs the host's one thread and its
 * heap (a 67 MB line of 22 million empty objects stalled the host for 34 s at 4 GB), and the
 * run's deadlines are timers on that same thread. Tool results are capped at 4 MiB by default
 * anyway; listings of the largest real servers are well under 16 MiB.
 */

/** Characters of one message (a stdio line, an HTTP response body). */
export const MAX_MESSAGE_CHARS = 16 * 2 ** 20;
/** Objects and arrays in one message. */
export const MAX_MESSAGE_NODES = 500_000;
/** Nesting of one message: the SDK recurses over messages (its schemas, its error text). */
export const MAX_MESSAGE_DEPTH = 1000;

/** Why a parsed message is too large to hand on (too deep, or too many nodes), or undefined. A walk with a stack of its own, stopping at the budget. */
export function oversized(value: unknown): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth >= MAX_MESSAGE_DEPTH) return `nested more than ${MAX_MESSAGE_DEPTH} levels deep`;
    if (++nodes > MAX_MESSAGE_NODES) return `more than ${MAX_MESSAGE_NODES} objects and arrays`;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) if (item[i] !== null && typeof item[i] === "object") stack.push([item[i], depth + 1]);
    } else {
      for (const key in item) {
        const child = (item as Record<string, unknown>)[key];
        if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
      }
    }
  }
  return undefined;
}
