import type { Client } from "@modelcontextprotocol/client";
import { messageOf } from "../errors.js";
import type { HostRequest, HostResponse } from "../protocol.js";
import type { ServerListing } from "../snapshot/types.js";
import type { ArgumentValidator } from "./validate-args.js";

/** One tool (or resource, or prompt) call an agent made, for the run's report. */
export interface CallRecord {
  server: string;
  tool: string;
  kind: HostRequest["kind"];
  durationMs: number;
  ok: boolean;
  error?: string;
}

export interface CallLimits {
  maxConcurrentCalls: number;
  maxArgumentBytes: number;
  maxResultBytes: number;
  /** When the run must be over; calls still going then are abandoned. */
  deadline: number;
}

/** Finds (connecting on first use) the MCP client of a server. */
export type ClientSource = (server: string) => Promise<Client>;

/**
 * Answers the shims' requests for one run, on the host: checks the request, the server, the
 * tool and the arguments (against the tool's schema) before any call, runs calls concurrently
 * up to a limit, and caps what comes back. Every answer is a JSON `HostResponse`; nothing throws.
 */
export class Dispatcher {
  readonly calls: CallRecord[] = [];
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly listings: Map<string, ServerListing>,
    private readonly clients: ClientSource,
    private readonly validator: ArgumentValidator,
    private readonly limits: CallLimits,
  ) {}

  async handle(raw: string): Promise<string> {
    const started = performance.now();
    let request: HostRequest | undefined;
    try {
      if (raw.length > this.limits.maxArgumentBytes) throw new Error(`the arguments are ${raw.length} bytes; the limit is ${this.limits.maxArgumentBytes}`);
      request = JSON.parse(raw) as HostRequest;
      this.check(request);
      const value = await this.withSlot(() => this.call(request!));
      const text = JSON.stringify({ ok: true, value } satisfies HostResponse);
      if (text.length > this.limits.maxResultBytes) {
        throw new Error(`the result is ${text.length} bytes; the limit is ${this.limits.maxResultBytes}`);
      }
      this.record(request, started, true);
      return text;
    } catch (error) {
      const message = messageOf(error);
      if (request && typeof request === "object") this.record(request, started, false, message);
      return JSON.stringify({ ok: false, error: { message } } satisfies HostResponse);
    }
  }

  /** Throws, naming the problem, unless the request names a known server and tool with valid arguments. */
  private check(request: HostRequest): void {
    const listing = this.listings.get(request?.server);
    if (!listing) throw new Error(`no server "${String(request?.server)}"`);
    const { snapshot } = listing;
    if (request.kind === "tool") {
      const tool = snapshot.tools.find((t) => t.name === request.name);
      if (!tool) throw new Error(`server "${request.server}" has no tool "${String(request.name)}"`);
      const problems = this.validator.check(`${request.server}\u0000${tool.name}`, tool.inputSchema, request.args);
      if (problems.length > 0) throw new Error(`invalid arguments for ${request.server}.${tool.name}: ${problems.join("; ")}`);
      return;
    }
    if (request.kind === "resource" && typeof request.uri === "string") return;
    if (request.kind === "prompt" && snapshot.prompts.some((p) => p.name === request.name)) return;
    throw new Error("malformed request");
  }

  private async call(request: HostRequest): Promise<unknown> {
    const client = await this.clients(request.server);
    const timeout = Math.max(1, this.limits.deadline - Date.now());
    if (request.kind === "tool") return client.callTool({ name: request.name, arguments: request.args }, { timeout });
    if (request.kind === "resource") return client.readResource({ uri: request.uri }, { timeout });
    return client.getPrompt({ name: request.name, arguments: request.args }, { timeout });
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limits.maxConcurrentCalls) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  private record(request: HostRequest, started: number, ok: boolean, error?: string): void {
    const tool = String(request.kind === "resource" ? request.uri : request.name);
    this.calls.push({ server: String(request.server), tool, kind: request.kind, durationMs: performance.now() - started, ok, ...(error ? { error } : {}) });
  }
}
