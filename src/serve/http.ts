import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebStandardStreamableHTTPServerTransport, type McpServer } from "@modelcontextprotocol/server";
import { MAX_MESSAGE_CHARS } from "../introspect/message-limits.js";

export interface HttpServeOptions {
  host: string;
  port: number;
  /** Required as `Authorization: Bearer …` when set. */
  token?: string;
}

/** A loopback name or address: `localhost`, all of 127.0.0.0/8, `::1`, and 127.x as IPv6 maps it (brackets allowed). */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/.test(bare);
}

/**
 * Streamable HTTP at `/mcp`, stateless: every request gets a server of its own from `create`,
 * so concurrent clients never share a session. A loopback server answers only requests whose
 * `Host` is loopback too (no DNS rebinding from a web page), and a token, when set, is checked
 * in constant time.
 */
export async function serveHttp(create: () => Promise<McpServer>, options: HttpServeOptions): Promise<{ url: string; close(): Promise<void> }> {
  const loopback = isLoopback(options.host);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname !== "/mcp") return void res.writeHead(404, { "content-type": "text/plain" }).end("codemode serves MCP at /mcp\n");
      const host = (req.headers.host ?? "").replace(/:\d+$/, "");
      if (loopback && !isLoopback(host)) return void res.writeHead(403, { "content-type": "text/plain" }).end("forbidden host\n");
      if (options.token !== undefined && !sameToken(req.headers.authorization, `Bearer ${options.token}`)) {
        return void res.writeHead(401, { "www-authenticate": "Bearer", "content-type": "text/plain" }).end("unauthorized\n");
      }
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await (await create()).connect(transport);
      await sendWeb(res, await transport.handleRequest(await toWebRequest(req, url)));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // Closed after the answer: the rest of the body is not read.
        return void res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end(`codemode serve: a request body may hold at most ${MAX_BODY_BYTES} bytes\n`, () => req.destroy());
      }
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`codemode serve: ${(error as Error)?.message ?? error}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The most a request body may hold: an MCP message, code and arguments included, is far smaller.
 * Bodies are read whole before the SDK looks at them, so without a cap any local page or process
 * could make this one buffer gigabytes (three copies of the body, before a 415).
 */
export const MAX_BODY_BYTES = MAX_MESSAGE_CHARS;

/** A request body past {@link MAX_BODY_BYTES}: answered 413, and no more of it is read. */
export class BodyTooLarge extends Error {}

/** The Node request as a web `Request`, for the SDK's web-standard server transport. Throws {@link BodyTooLarge}. */
export async function toWebRequest(req: http.IncomingMessage, url: URL): Promise<Request> {
  const chunks: Buffer[] = [];
  let received = 0;
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) throw new BodyTooLarge();
  for await (const chunk of req) {
    received += (chunk as Buffer).length;
    if (received > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  return new Request(url, { method: req.method ?? "GET", headers, ...(body ? { body } : {}) });
}

/** Writes a web `Response` to the Node response. */
export async function sendWeb(res: http.ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) for await (const chunk of response.body) res.write(chunk);
  res.end();
}
