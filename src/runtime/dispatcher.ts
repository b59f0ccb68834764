import { setMaxListeners } from "node:events";
import type { Client } from "@modelcontextprotocol/client";
import { CodemodeError, messageOf } from "../errors.js";
import { decide, type Policy } from "../policy/policy.js";
import type { HostRequest, HostResponse } from "../protocol.js";
import type { JsonSchema, ServerListing, ToolInfo } from "../snapshot/types.js";
import { MAX_MESSAGE_DEPTH, MAX_MESSAGE_NODES } from "../introspect/message-limits.js";
import { jsonShape } from "../util/json-shape.js";
import { ServerFailure } from "./client-pool.js";
import type { ArgumentValidator } from "./validate-args.js";

/** One tool (or resource, or prompt) call an agent made, for the run's report. */
export interface CallRecord {
  server: string;
  tool: string;
  kind: HostRequest["kind"];
  durationMs: number;
  ok: boolean;
  error?: string;
  /** What the policy decided: `allowed` (no approval needed), `approved`, `refused` (not approved) or `denied`. */
  decision?: "allowed" | "approved" | "refused" | "denied";
}

/** A call that waits for a yes (the policy's `approve`). */
export interface ApprovalRequest {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  /**
   * The tool's input schema, as listed: a question shows the keys it declares first, and marks
   * the others, since agent code chooses their order and may add keys the server ignores.
   */
  inputSchema?: JsonSchema;
  /**
   * Aborted when the run ends: a question still waiting its turn is not asked then (its answer
   * could run nothing, and the questions of later runs would wait behind it).
   */
  signal?: AbortSignal;
}

/** Decides an approval: true to run the call. Throwing counts as a refusal. */
export type ApprovalHandler = (request: ApprovalRequest) => boolean | Promise<boolean>;

/** What guards a run's calls beyond their schema: the policy, who approves, and how to tell a server that went away. */
export interface CallGuard {
  policy?: Policy;
  onApproval?: ApprovalHandler;
  /** Why a server's connection closed, if it did. */
  closedWhy?: (server: string) => string | undefined;
  /** Cuts the servers' secrets out of a message before agent code reads it (`config/secrets.ts`). */
  redact?: (text: string) => string;
}

export interface CallLimits {
  maxToolCalls: number;
  maxConcurrentCalls: number;
  maxArgumentBytes: number;
  maxResultBytes: number;
  /** When the run must be over; calls still going then are abandoned. */
  deadline: number;
}

/** Finds (connecting on first use) the MCP client of a server; one already at hand comes without a promise. */
export type ClientSource = (server: string) => Client | Promise<Client>;

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Each listing's tools by name, made once per listing (listings live as long as their runtime). */
const toolIndex = new WeakMap<ServerListing, Map<string, ServerListing["snapshot"]["tools"][number]>>();
function toolsOf(listing: ServerListing): Map<string, ServerListing["snapshot"]["tools"][number]> {
  let tools = toolIndex.get(listing);
  if (tools) return tools;
  tools = new Map();
  // The first of two tools of one name wins, as a search of the list would find it.
  for (const tool of listing.snapshot.tools) if (!tools.has(tool.name)) tools.set(tool.name, tool);
  toolIndex.set(listing, tools);
  return tools;
}
/** The kind, server and name (or uri) of a request too large to parse, read from its first bytes (the shims write them first). */
function namesOf(raw: string): HostRequest {
  const head = raw.slice(0, 2000);
  const field = (name: string): string | undefined => {
    const match = new RegExp(`"${name}":("(?:[^"\\\\]|\\\\.)*")`).exec(head);
    try {
      return match ? (JSON.parse(match[1]!) as string) : undefined;
    } catch {
      return undefined;
    }
  };
  return { kind: field("kind"), server: field("server"), name: field("name"), uri: field("uri") } as unknown as HostRequest;
}

/** A call the run's end stopped before it reached its server: nothing to say the server may have acted. */
class NotMade extends Error {}
const WAITED_FOR_APPROVAL = "the run ended while it waited for approval: it was not made";

/** How long a run's report waits for its cancelled calls to settle. */
const SETTLE_MS = 1000;

/**
 * Answers the shims' requests for one run, on the host: counts them, checks the request, the
 * server, the tool and the arguments (against the tool's schema) before any call, runs calls
 * concurrently up to a limit, and caps what comes back, in UTF-8 bytes. When the run ends,
 * `stop()` cancels the calls still queued or in flight. Every answer is a JSON `HostResponse`;
 * nothing throws.
 */
export class Dispatcher {
  private readonly records: CallRecord[] = [];
  /** Calls not yet answered, and what `stop()` waits on for them to settle. */
  private inFlight = 0;
  private settled: (() => void) | undefined;
  private received = 0;
  private active = 0;
  /** Calls waiting for a slot: resolved with true when a finishing call hands them its slot, false when the run ends. */
  private readonly queue: ((slot: boolean) => void)[] = [];
  private readonly abort = new AbortController();
  /** Calls whose approval has not been answered. */
  private readonly awaitingApproval = new Set<CallRecord>();

  /**
   * Each call's timeout at its server: the time left to the run when the dispatcher was made, the
   * same for every call. A timeout that shrank call by call gave Node a new timer list per call;
   * a call still going at the deadline is cancelled by `stop()` when the run ends anyway.
   */
  private readonly callTimeout: number;

  /** Whether a server failed under this run (its connection dropped, or it could not be reached). */
  serverFailed = false;

  constructor(
    private readonly listings: Map<string, ServerListing>,
    private readonly clients: ClientSource,
    private readonly validator: ArgumentValidator,
    private readonly limits: CallLimits,
    private readonly guard: CallGuard = {},
  ) {
    // Every concurrent call listens on the run's signal.
    setMaxListeners(0, this.abort.signal);
    this.callTimeout = Math.max(1, limits.deadline - Date.now());
  }

  /** Whether the run used up its calls (the sandbox refuses the ones past the limit itself, the host those that still come). */
  get limitReached(): boolean {
    return this.received >= this.limits.maxToolCalls;
  }

  /**
   * Ends the run's calls: queued ones are refused, in-flight ones cancelled at their server, and
   * resolves with every call's record once all have settled (a cancelled call is reported too:
   * its server may have acted on it).
   */
  async stop(): Promise<CallRecord[]> {
    this.abort.abort(new Error("the run ended"));
    for (const release of this.queue.splice(0)) release(false);
    // Aborted calls settle at once; one still connecting to its server is not waited for long.
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.settled = resolve;
        timer = setTimeout(resolve, SETTLE_MS);
      });
      clearTimeout(timer);
    }
    return this.records.map((record) => {
      if (record.durationMs !== 0 || record.error) return { ...record };
      const error = this.awaitingApproval.has(record) ? WAITED_FOR_APPROVAL : "still going when the run ended (the server may act on it)";
      return { ...record, error };
    });
  }

  /**
   * Answers one request. Everything up to the server's call runs synchronously, in this one
   * async function: each `await` or wrapping promise is a turn of the microtask queue per call,
   * on the path of every tool call (approval and a full slot queue are the only other waits).
   */
  async handle(raw: string): Promise<string> {
    const started = performance.now();
    let record: CallRecord | undefined;
    this.inFlight++;
    try {
      if (++this.received > this.limits.maxToolCalls) throw new Error(`tool call limit reached (${this.limits.maxToolCalls} per run)`);
      // Measured before it is parsed: a sandbox that is not codemode's any more sends requests up
      // to the frame cap (25 MiB by default), and parsing one of those holds the host's thread
      // and hundreds of MB of its heap.
      const size = bytes(raw);
      if (size > this.limits.maxArgumentBytes) {
        record = this.record(namesOf(raw));
        throw new Error(`the arguments are ${size} bytes; the limit is ${this.limits.maxArgumentBytes}`);
      }
      // Measured before it is parsed too: 800 KB nested 400,000 deep took the host's thread 130 ms
      // to parse (a flat 1 MiB, 5 ms), and then overflowed the stack of whatever walked it.
      const shape = jsonShape(raw, MAX_MESSAGE_NODES);
      if (shape.depth > MAX_MESSAGE_DEPTH || shape.containers > MAX_MESSAGE_NODES) {
        record = this.record(namesOf(raw));
        throw new Error(`the arguments nest more than ${MAX_MESSAGE_DEPTH} levels deep or hold more than ${MAX_MESSAGE_NODES} objects and arrays`);
      }
      const request = JSON.parse(raw) as HostRequest;
      // Recorded before the call is made: a report lists every call that may have had an effect.
      record = this.record(request);
      const needsApproval = this.check(request, size, record);
      if (needsApproval) await this.approve(request.server, needsApproval, (request as { args: Record<string, unknown> }).args, record);
      const value = await this.call(request);
      const text = JSON.stringify({ ok: true, value } satisfies HostResponse);
      const resultSize = bytes(text);
      if (resultSize > this.limits.maxResultBytes) throw new Error(`the result is ${resultSize} bytes; the limit is ${this.limits.maxResultBytes}`);
      record.ok = true;
      record.durationMs = performance.now() - started;
      return text;
    } catch (error) {
      const why = this.abort.signal.aborted && !(error instanceof NotMade) ? `cancelled when the run ended (the server may have acted on it): ${messageOf(error)}` : messageOf(error);
      // A server's failure names its command or URL and its stderr: the agent reads this.
      const message = this.guard.redact ? this.guard.redact(why) : why;
      if (record) Object.assign(record, { ok: false, error: message, durationMs: performance.now() - started });
      return JSON.stringify({ ok: false, error: { message } } satisfies HostResponse);
    } finally {
      if (--this.inFlight === 0) this.settled?.();
    }
  }

  /**
   * Throws, naming the problem, unless the request names a known server and tool with valid
   * arguments; returns the tool of a tool call that must be approved first.
   */
  private check(request: HostRequest, size: number, record: CallRecord): ToolInfo | undefined {
    const listing = this.listings.get(request?.server);
    if (!listing) throw new Error(`no server "${String(request?.server).slice(0, 100)}"`);
    const { snapshot } = listing;
    if (request.kind === "tool") {
      const tool = toolsOf(listing).get(request.name);
      if (!tool) throw new Error(`server "${request.server}" has no tool "${String(request.name).slice(0, 100)}"`);
      const decision = decide(this.guard.policy, request.server, tool);
      // A call waiting for its approval is not made until it has one: refused unless it comes.
      record.decision = decision === "deny" ? "denied" : decision === "approve" ? "refused" : "allowed";
      if (decision === "deny") throw new Error(`${request.server}.${tool.name} is denied by the policy: agent code cannot call it`);
      const problems = this.validator.check(`${request.server}\u0000${tool.name}`, tool.inputSchema, request.args, size);
      if (problems.length > 0) throw new Error(`invalid arguments for ${request.server}.${tool.name}: ${problems.join("; ")}`);
      return decision === "approve" ? tool : undefined;
    }
    if (request.kind === "resource" && typeof request.uri === "string") return undefined;
    if (request.kind === "prompt") {
      const prompt = snapshot.prompts.find((p) => p.name === request.name);
      if (!prompt) throw new Error(`server "${request.server}" has no prompt "${String(request.name).slice(0, 100)}"`);
      const args: unknown = request.args;
      // Prompt arguments are strings by the protocol, and the required ones must be there.
      if (args === null || typeof args !== "object" || Array.isArray(args) || Object.values(args).some((value) => typeof value !== "string")) {
        throw new Error(`invalid arguments for prompt ${request.server}.${prompt.name}: they must be an object of strings`);
      }
      const missing = (prompt.arguments ?? []).filter((a) => a.required && !Object.hasOwn(args, a.name)).map((a) => a.name);
      if (missing.length > 0) throw new Error(`invalid arguments for prompt ${request.server}.${prompt.name}: missing ${missing.join(", ")}`);
      return undefined;
    }
    throw new Error("malformed request");
  }

  /** Asks whoever approves; a call nobody approves is refused with a message the model can relay. */
  private async approve(server: string, { name: tool, inputSchema }: ToolInfo, args: Record<string, unknown>, record: CallRecord): Promise<void> {
    const ask = this.guard.onApproval;
    let approved = false;
    this.awaitingApproval.add(record);
    try {
      // The run's signal: a question not yet shown when the run ends is not shown.
      approved = ask !== undefined && !this.abort.signal.aborted && (await ask({ server, tool, args, inputSchema, signal: this.abort.signal })) === true;
    } catch {
      approved = false;
    } finally {
      this.awaitingApproval.delete(record);
    }
    record.decision = approved ? "approved" : "refused";
    if (approved) return;
    if (this.abort.signal.aborted) throw new NotMade(WAITED_FOR_APPROVAL);
    throw new Error(
      ask
        ? `${server}.${tool} needs approval, and it was refused: tell the user what you wanted to do and why`
        : `${server}.${tool} needs approval, and nobody is here to give it: tell the user what you wanted to do, so they can do it or allow it`,
    );
  }

  /** Makes the call in a concurrency slot, waiting for one when all are taken. */
  private async call(request: HostRequest): Promise<unknown> {
    const ended = () => new NotMade("the run ended before this call was made");
    if (this.abort.signal.aborted) throw ended();
    // A finishing call hands its slot to the first waiting one directly (`active` stays as it
    // is): were it freed and taken back a microtask later, a call arriving in between (one just
    // approved) would take it too, and the limit would be passed.
    if (this.active < this.limits.maxConcurrentCalls) this.active++;
    else if (!(await new Promise<boolean>((resolve) => this.queue.push(resolve)))) throw ended();
    try {
      if (this.abort.signal.aborted) throw ended();
      const source = this.clients(request.server);
      const client = source instanceof Promise ? await source : source;
      const options = { timeout: this.callTimeout, signal: this.abort.signal };
      if (request.kind === "tool") return await client.callTool({ name: request.name, arguments: request.args }, options);
      if (request.kind === "resource") return await client.readResource({ uri: request.uri }, options);
      return await client.getPrompt({ name: request.name, arguments: request.args }, options);
    } catch (error) {
      // The server itself failed (not the call): the run's error is then kind "server".
      const closed = this.guard.closedWhy?.(request.server);
      const unreachable = error instanceof CodemodeError && ["CONNECT_FAILED", "TIMEOUT", "AUTH_REQUIRED", "AUTH_FAILED"].includes(error.code);
      if (!closed && !unreachable) throw error;
      this.serverFailed = true;
      throw new ServerFailure(closed ?? messageOf(error));
    } finally {
      const next = this.queue.shift();
      if (next) next(true);
      else this.active--;
    }
  }

  private record(request: HostRequest): CallRecord {
    const tool = String(request?.kind === "resource" ? request.uri : request?.name).slice(0, 200);
    const kind = request?.kind === "resource" || request?.kind === "prompt" ? request.kind : "tool";
    const record: CallRecord = { server: String(request?.server).slice(0, 200), tool, kind, durationMs: 0, ok: false };
    this.records.push(record);
    return record;
  }
}
