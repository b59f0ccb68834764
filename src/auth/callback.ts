import http from "node:http";
import type { AddressInfo } from "node:net";
import { CodemodeError } from "../errors.js";

/** What the authorization server sent back to the redirect URL. */
export interface CallbackParams {
  code: string;
  /** RFC 9207 issuer, checked by the SDK when the server sends it. */
  iss?: string;
}

export interface CallbackServer {
  redirectUrl: string;
  /** Settles with the first callback that carries the expected `state`. */
  result: Promise<CallbackParams>;
  close(): Promise<void>;
}

const PATH = "/callback";

/**
 * Listens on 127.0.0.1 for the browser's redirect after sign-in (RFC 8252 loopback redirect).
 * Port 0 takes any free port; a client registered by hand may need a fixed one.
 */
export async function startCallbackServer(port: number, expectedState: () => string | undefined): Promise<CallbackServer> {
  let settle: { resolve: (params: CallbackParams) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<CallbackParams>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {}); // a refusal can arrive before the sign-in waits for it; it still sees it
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== PATH) return void res.writeHead(404).end();
    const query = url.searchParams;
    if (query.get("state") !== (expectedState() ?? null)) {
      page(res, 400, "This sign-in link does not belong to the sign-in codemode is waiting for.");
      return;
    }
    const error = query.get("error");
    const code = query.get("code");
    if (error || !code) {
      const reason = error ? `${error}${query.get("error_description") ? `: ${query.get("error_description")}` : ""}` : "no authorization code";
      page(res, 400, `Sign-in failed (${reason}). You can close this tab.`);
      settle!.reject(new CodemodeError("AUTH_FAILED", `the authorization server refused the sign-in: ${reason}`));
      return;
    }
    page(res, 200, "Signed in. You can close this tab and return to the terminal.");
    const iss = query.get("iss");
    settle!.resolve({ code, ...(iss ? { iss } : {}) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new CodemodeError("USAGE", `port ${port} on 127.0.0.1 is in use, so the sign-in callback cannot be received`, { hint: "stop what listens there, or change oauth.callbackPort" })
          : error,
      ),
    );
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    redirectUrl: `http://127.0.0.1:${bound}${PATH}`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page(res: http.ServerResponse, status: number, text: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>codemode</title><p>${text.replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"))}</p>\n`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(body);
}
