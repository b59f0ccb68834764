import { setMaxListeners } from "node:events";
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
  maxToolCalls: number;
  maxConcurrentCalls: number;
  maxArgumentBytes: number;
  maxResultBytes: number;
  /** When the run must be over; calls still going then are abandoned. */
  deadline: number;
}

/** Finds (connecting on first use) the MCP client of a server. */
export type ClientSource = (server: string) => Promise<Client>;

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * Answers the shims' requests for one run, on the host: counts them, checks the request, the
 * server, the tool and the arguments (against the tool's schema) before any call, runs calls
 * concurrently up to a limit, and caps what comes back, in UTF-8 bytes. When the run ends,
 * `stop()` cancels the calls still queued or in flight. Every answer is a JSON `HostResponse`;
 * nothing throws.
 */
export class Dispatcher {
  readonly calls: CallRecord[] = [];
  private received = 0;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly abort = new AbortController();

  constructor(
    private readonly listings: Map<string, ServerListing>,
    private readonly clients: ClientSource,
    private readonly validator: ArgumentValidator,
    private readonly limits: CallLimits,
  ) {
    // Every concurrent call listens on the run's signal.
    setMaxListeners(0, this.abort.signal);
  }

  /** Whether the run used up its calls (the sandbox refuses the ones past the limit itself, the host those that still come). */
  get limitReached(): boolean {
    return this.received >= this.limits.maxToolCalls;
  }

  /** Ends the run's calls: queued ones are refused, in-flight ones cancelled at their server. */
  stop(): void {
    this.abort.abort(new Error("the run ended"));
    for (const release of this.queue.splice(0)) release();
  }

  async handle(raw: string): Promise<string> {
    const started = performance.now();
    let request: HostRequest | undefined;
    try {
      if (++this.received > this.limits.maxToolCalls) {
        throw new Error(`tool call limit reached (${this.limits.maxToolCalls} per run)`);
      }
      request = JSON.parse(raw) as HostRequest;
      const size = bytes(raw);
      if (size > this.limits.maxArgumentBytes) throw new Error(`the arguments are ${size} bytes; the limit is ${this.limits.maxArgumentBytes}`);
      this.check(request);
      const value = await this.withSlot(() => this.call(request!));
      const text = JSON.stringify({ ok: true, value } satisfies HostResponse);
      const resultSize = bytes(text);
      if (resultSize > this.limits.maxResultBytes) {
        throw new Error(`the result is ${resultSize} bytes; the limit is ${this.limits.maxResultBytes}`);
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
    const options = { timeout: Math.max(1, this.limits.deadline - Date.now()), signal: this.abort.signal };
    if (request.kind === "tool") return client.callTool({ name: request.name, arguments: request.args }, options);
    if (request.kind === "resource") return client.readResource({ uri: request.uri }, options);
    return client.getPrompt({ name: request.name, arguments: request.args }, options);
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limits.maxConcurrentCalls) await new Promise<void>((resolve) => this.queue.push(resolve));
    if (this.abort.signal.aborted) throw new Error("the run ended before this call was made");
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  private record(request: HostRequest, started: number, ok: boolean, error?: string): void {
    const tool = String(request.kind === "resource" ? request.uri : request.name).slice(0, 200);
    this.calls.push({ server: String(request.server).slice(0, 200), tool, kind: request.kind, durationMs: performance.now() - started, ok, ...(error ? { error } : {}) });
  }
}
