import { jsonShape } from "../util/json-shape.js";
import { MAX_MESSAGE_CHARS, MAX_MESSAGE_NODES } from "./message-limits.js";

/**
 * A `fetch` for the Streamable HTTP transport whose responses to requests (POSTs: one answer, as
 * JSON or a stream of events) end in an error past {@link MAX_MESSAGE_CHARS} bytes, and whose
 * JSON is not parsed past {@link MAX_MESSAGE_NODES} objects and arrays: the SDK reads a JSON
 * answer whole, on the host's heap, before codemode sees any of it. The long-lived GET stream of
 * server notifications is left as it is (its events are parsed one by one).
 */
export function limitedFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if ((init?.method ?? "GET").toUpperCase() === "GET" || !response.body) return response;
    let seen = 0;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > MAX_MESSAGE_CHARS) controller.error(new Error(`the server's answer is over ${MAX_MESSAGE_CHARS} bytes; it was refused`));
          else controller.enqueue(chunk);
        },
      }),
    );
    const text = () => new Response(body).text();
    const json = async () => {
      const whole = await text();
      if (jsonShape(whole, MAX_MESSAGE_NODES).containers > MAX_MESSAGE_NODES) throw new Error(`the server's answer holds more than ${MAX_MESSAGE_NODES} objects and arrays; it was refused`);
      return JSON.parse(whole) as unknown;
    };
    // The same response (its url, status and headers), reading through the limit.
    Object.defineProperties(response, { body: { value: body }, text: { value: text }, json: { value: json } });
    return response;
  };
}
