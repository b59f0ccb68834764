import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { McpServer as LegacyMcpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { sendWeb, toWebRequest } from "../../src/serve/http.js";
import { createDemoServer } from "./demo.js";

export interface TestHttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 with: `/mcp` (Streamable HTTP, stateless, the demo server,
 * requiring `Authorization: Bearer secret`), `/sse` + `/messages` (an SSE-only server of the 1.x
 * SDK, for the fallback), and `/status/NNN` (answers every request with that status).
 */
export async function startHttpServer(): Promise<TestHttpServer> {
  const sse = new Map<string, SSEServerTransport>();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { "content-type": "text/plain" }).end("nope");
      return;
    }
    if (url.pathname === "/mcp") {
      if (req.headers.authorization !== "Bearer secret") {
        res.writeHead(401, { "www-authenticate": "Bearer" }).end("unauthorized");
        return;
      }
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await createDemoServer().connect(transport);
      await sendWeb(res, await transport.handleRequest(await toWebRequest(req, url)));
      return;
    }
    if (url.pathname === "/sse" && req.method === "GET") {
      const transport = new SSEServerTransport("/messages", res);
      sse.set(transport.sessionId, transport);
      const legacy = new LegacyMcpServer({ name: "legacy-sse", version: "0.1.0" });
      legacy.registerTool("ping", { description: "Answers pong." }, async () => ({ content: [{ type: "text", text: "pong" }] }));
      res.on("close", () => sse.delete(transport.sessionId));
      await legacy.connect(transport);
      return;
    }
    if (url.pathname === "/messages" && req.method === "POST") {
      const transport = sse.get(url.searchParams.get("sessionId") ?? "");
      if (!transport) return void res.writeHead(404).end();
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
