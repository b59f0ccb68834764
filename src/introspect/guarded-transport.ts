import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/client";

/** Deeper than this, a server's message is refused before the SDK sees it: the SDK recurses over messages (its schemas, its error text). */
export const MAX_MESSAGE_DEPTH = 1000;

/**
 * Guards a transport so that a server's messages cannot bring down the host: every message is
 * measured (its nesting) before the SDK parses it, and anything the SDK throws while handling
 * one (a stack overflow in its `JSON.stringify` of a message it cannot classify) becomes a
 * transport error, instead of an exception escaping from the transport's data handler and
 * ending the process. The handler the SDK installs is wrapped where it is stored (an accessor on
 * the transport itself), so the transport keeps its own identity, session and protocol state.
 */
export function guardTransport<T extends Transport>(transport: T): T {
  let handler: Transport["onmessage"];
  const guarded: NonNullable<Transport["onmessage"]> = (message, extra) => {
    try {
      if (nestedDeeperThan(message, MAX_MESSAGE_DEPTH)) throw new Error(`the server sent a message nested more than ${MAX_MESSAGE_DEPTH} levels deep; it was dropped`);
      handler?.(message as JSONRPCMessage, extra);
    } catch (error) {
      transport.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  };
  Object.defineProperty(transport, "onmessage", {
    configurable: true,
    enumerable: true,
    get: () => (handler ? guarded : undefined),
    set: (value: Transport["onmessage"]) => (handler = value),
  });
  return transport;
}

/** Whether arrays and objects in `value` nest deeper than `max`; a walk with a stack of its own, so no depth overflows it. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}
