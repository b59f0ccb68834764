import { expect } from "vitest";

/**
 * A `fetch` for an SDK client that answers each request with the next scripted JSON body, in
 * order, and keeps the parsed request bodies: a model API without the network.
 */
export function scriptedFetch(responses: unknown[]): { fetch: typeof fetch; requests: Array<{ url: string; body: any }> } {
  const requests: Array<{ url: string; body: any }> = [];
  const queue = [...responses];
  const scripted = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(input instanceof Request ? input.url : input), body: JSON.parse(String(init?.body ?? "null")) });
    const next = queue.shift();
    if (next === undefined) return new Response(JSON.stringify({ error: { message: "no more scripted responses" } }), { status: 400 });
    return new Response(JSON.stringify(next), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetch: scripted as typeof fetch, requests };
}

/** Agent code for the scripted turns: one that works and one that does not type-check. */
export const SCRIPTS = [
  {
    given: "code that calls a tool",
    code: `const w = await demo.getWeather({ city: "Oslo" });\nreturn { city: w.city, warm: w.temperature > 15 };`,
    text: JSON.stringify({ city: "Oslo", warm: true }, null, 2),
    isError: false,
  },
  {
    given: "code with a type error",
    code: `return await demo.getWeather({ town: "Oslo" });`,
    text: expect.stringMatching(/^The code did not type-check; nothing ran: .*'town'/),
    isError: true,
  },
];
