import type { Client } from "@modelcontextprotocol/client";
import type { ResolvedConfig } from "../config/types.js";
import { redactSecrets, serverSecrets } from "../config/secrets.js";
import { messageOf } from "../errors.js";
import type { Connection } from "../introspect/connect.js";
import type { LiveServer } from "../introspect/transport.js";

/** The first reconnection waits this long, doubling per failure up to {@link MAX_BACKOFF_MS}. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;

/** A server that failed under a run: its connection dropped, or it could not be reached. Kind "server", not the agent's. */
export class ServerFailure extends Error {}

interface Entry {
  connection: Promise<Connection>;
  /** The client, once connected: handed out without a promise while the connection is open. */
  client?: Client;
  /** Set when the connection closed: why, for the next error, and when, for the backoff. */
  closed?: { at: number; why: string };
}

/**
 * MCP clients by server: the caller's own, or connected on first use and kept until `close`.
 * A stdio server that exits, or a remote one that drops, is connected again on the next call
 * after a short backoff that grows while it keeps failing; an error then names the server, its
 * command and what its stderr said.
 */
export class ClientPool {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, number>();
  /** The secrets each server was connected with (see `redact`). */
  private readonly startedWith = new Set<string>();

  constructor(
    private readonly config: ResolvedConfig,
    private readonly given: Record<string, Client>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The server's client: at once when it is at hand (every call after the first), else once connected. */
  get(name: string): Client | Promise<Client> {
    const given = this.given[name];
    if (given) return given;
    const entry = this.entries.get(name);
    if (entry?.client && !entry.closed) return entry.client;
    return this.reach(name);
  }

  private async reach(name: string): Promise<Client> {
    let entry = this.entries.get(name);
    if (entry?.closed) {
      const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failures.get(name) ?? 0)) - (Date.now() - entry.closed.at);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.entries.delete(name);
      entry = undefined;
    }
    entry ??= this.connect(name);
    return (await entry.connection).client;
  }

  /** Why a server's connection closed, when it did: its command and stderr, for the run's error. */
  closedWhy(name: string): string | undefined {
    return this.entries.get(name)?.closed?.why;
  }

  /**
   * `text` without the secrets this pool starts its servers with, for what agent code reads:
   * `closedWhy` and connection errors name commands, URLs and stderr after `${VAR}` expansion.
   * Read from the environment each time, as connections are (only failures pay for it), and
   * with what each server was started with: a host may scrub or rotate a variable since.
   */
  redact(text: string): string {
    const now = serverSecrets(this.config.servers, this.env);
    return redactSecrets(text, [...new Set([...now, ...this.startedWith])].sort((a, b) => b.length - a.length));
  }

  private connect(name: string): Entry {
    const server = this.config.servers.find((s) => s.name === name);
    if (!server || server.kind === "snapshot") {
      const connection = Promise.reject(new Error(`server "${name}" is a snapshot entry; pass a client for it to createRuntime({ clients })`));
      connection.catch(() => {});
      return { connection };
    }
    for (const secret of serverSecrets([server], this.env)) this.startedWith.add(secret);
    const entry: Entry = {
      // Loaded on first connection: the MCP client and its schemas cost a run that calls nothing ~100 ms.
      connection: import("../introspect/connect.js").then(({ withConnection }) => withConnection(server as LiveServer, this.env, Date.now() + server.timeoutMs, async (c) => c, true)),
    };
    this.entries.set(name, entry);
    entry.connection.then(
      ({ client, opened }) => {
        this.failures.delete(name);
        entry.client = client;
        client.onclose = () => {
          const stderr = opened.process?.stderr.lines() ?? "";
          const refused = opened.process?.refused;
          const exit = refused ? `was closed: it wrote ${refused}` : opened.process?.exit ? `exited with ${opened.process.exit}` : "closed the connection";
          entry.closed = { at: Date.now(), why: `server "${name}" (${opened.target}) ${exit}${stderr ? `; its stderr ended with:\n${stderr}` : ""}` };
        };
      },
      (error: unknown) => {
        this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
        entry.closed = { at: Date.now(), why: messageOf(error) };
      },
    );
    return entry;
  }

  async close(): Promise<void> {
    const connections = await Promise.allSettled([...this.entries.values()].map((entry) => entry.connection));
    this.entries.clear();
    await Promise.all(connections.map((c) => (c.status === "fulfilled" ? c.value.client.close().catch(() => {}) : undefined)));
  }
}
