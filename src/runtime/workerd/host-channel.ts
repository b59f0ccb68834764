import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HostAddress } from "./config.js";

/** A run's side of the channel. */
export interface RunSink {
  /** A call arrived; `reply` answers it (with nothing: refused, the run is over). */
  call(request: string, reply: (response?: string) => void): void;
  /** A batch of the run's console lines, as the runner forwarded it: JSON, unchecked. */
  log(batch: string): void;
}

/**
 * The host's end of the private channel from workerd: an HTTP server on a Unix socket in the
 * executor's 0700 folder, taking a run's calls (`/call`) and console lines (`/log`). A request is answered only with the secret (compared in constant time)
 * and the name of a run in flight, which the host made and only that run's runner stub holds;
 * a body over the host's frame cap is refused before it is buffered. Everything else gets a bare
 * status and nothing of the host.
 */
export class HostChannel {
  private readonly server: Server;
  private readonly runs = new Map<string, RunSink>();
  private readonly secret: Buffer;
  /** Resolves once the socket listens (false when it cannot). */
  readonly listening: Promise<boolean>;

  constructor(
    /** A Unix socket path, or a TCP port on 127.0.0.1 (0: any free one), for the Cloudflare shape. */
    private readonly listenOn: string | { port: number },
    secret: string,
    private readonly maxBodyBytes: number,
  ) {
    this.secret = Buffer.from(secret);
    this.server = createServer((request, response) => this.onRequest(request, response));
    this.server.keepAliveTimeout = 60_000;
    this.listening = new Promise((resolve) => {
      this.server.once("error", () => resolve(false));
      if (typeof listenOn === "string") this.server.listen(listenOn, () => resolve(true));
      else this.server.listen(listenOn.port, "127.0.0.1", () => resolve(true));
    });
    // The channel keeps no host alive; a run in flight does, through its own timer.
    this.server.unref();
  }

  /** Where the runner reaches this channel (a TCP channel's port is known once it listens). */
  address(): HostAddress {
    if (typeof this.listenOn === "string") return { socket: this.listenOn };
    const bound = this.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${bound.port}` };
  }

  /** Takes calls for a run until the returned function is called. */
  open(run: string, sink: RunSink): () => void {
    this.runs.set(run, sink);
    return () => this.runs.delete(run);
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  private authentic(given: string | string[] | undefined): boolean {
    if (typeof given !== "string") return false;
    const bytes = Buffer.from(given);
    return bytes.length === this.secret.length && timingSafeEqual(bytes, this.secret);
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    const refuse = (status: number) => {
      response.writeHead(status, { connection: "close" }).end();
      request.destroy();
    };
    if (!this.authentic(request.headers["x-codemode-secret"])) return refuse(403);
    const run = request.headers["x-codemode-run"];
    const sink = typeof run === "string" ? this.runs.get(run) : undefined;
    if (request.method !== "POST" || (request.url !== "/call" && request.url !== "/log") || !sink) return refuse(410);
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > this.maxBodyBytes) return refuse(413);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.maxBodyBytes) return refuse(413);
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > this.maxBodyBytes) return;
      let body: string;
      try {
        body = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        return refuse(400);
      }
      // The run may have ended while the body arrived.
      if (!this.runs.has(run as string)) return refuse(410);
      if (request.url === "/log") {
        sink.log(body);
        response.writeHead(204).end();
        return;
      }
      sink.call(body, (answer) => {
        if (response.writableEnded) return;
        if (answer === undefined) refuse(410);
        else response.writeHead(200, { "content-type": "application/json" }).end(answer);
      });
    });
    request.on("error", () => {});
  }
}
