import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/client";
import { oversized } from "./message-limits.js";

/**
 * Guards a transport so that a server's messages cannot bring down the host: every message is
 * measured (its nesting and its size, see `message-limits.ts`) before the SDK parses it, and anything the SDK throws while handling
 * one (a stack overflow in its `JSON.stringify` of a message it cannot classify) becomes a
 * transport error, instead of an exception escaping from the transport's data handler and
 * ending the process. The handler the SDK installs is wrapped where it is stored (an accessor on
 * the transport itself), so the transport keeps its own identity, session and protocol state.
 */
export function guardTransport<T extends Transport>(transport: T): T {
  let handler: Transport["onmessage"];
  const guarded: NonNullable<Transport["onmessage"]> = (message, extra) => {
    try {
      const tooLarge = oversized(message);
      if (tooLarge) throw new Error(`the server sent a message ${tooLarge}; it was dropped`);
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
