import { spawn, type ChildProcess } from "node:child_process";
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/client";
import { jsonShape } from "../util/json-shape.js";
import { MAX_MESSAGE_CHARS, MAX_MESSAGE_NODES } from "./message-limits.js";
import { ResponseIdScanner } from "./response-id.js";
import { StderrTail } from "./stderr-tail.js";

/**
 * A line over the cap is skipped, not kept, to its end, however long (its length is agent code's
 * to choose: one call can make a server write hundreds of MB): unless it stops coming for this
 * long, when the server is taken to write no answer at all.
 */
const SKIP_STALL_MS = 5000;

/** A line over the cap being skipped: the request it answers is failed at its end. */
interface Skipping {
  scanner: ResponseIdScanner;
  stalled: NodeJS.Timeout;
}

/**
 * A stdio client transport that, unlike the SDK's, keeps what a failing server tells us: the
 * lines it wrote to stdout that are not JSON-RPC (the SDK skips them silently), its exit code,
 * and the tail of its stderr.
 */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly stderr = new StderrTail();
  /** The first few stdout lines that were not JSON-RPC messages. */
  readonly garbage: string[] = [];
  /** How the process ended, once it has: `code 3` or `signal SIGTERM`. */
  exit: string | undefined;
  /** What the server wrote that made codemode close it, when it did. */
  refused: string | undefined;

  private child: ChildProcess | undefined;
  /** The start of a line not ended yet, in chunks. */
  private pending: string[] = [];
  private pendingLength = 0;
  private skipping: Skipping | undefined;

  constructor(private readonly options: { command: string; args: string[]; env: Record<string, string>; cwd?: string }) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, this.options.args, {
        env: this.options.env,
        stdio: ["pipe", "pipe", "pipe"],
        ...(this.options.cwd ? { cwd: this.options.cwd } : {}),
      });
      this.child = child;
      child.once("error", (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once("spawn", () => resolve());
      child.once("exit", (code, signal) => {
        this.exit = signal ? `signal ${signal}` : `code ${code}`;
      });
      child.once("close", () => {
        this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => this.read(chunk));
      this.stderr.attach(child.stderr);
    });
  }

  /**
   * Splits stdout into lines and hands on each JSON-RPC message. A message larger than the host
   * takes (over {@link MAX_MESSAGE_CHARS} characters, or {@link MAX_MESSAGE_NODES} objects and
   * arrays) is dropped and fails only the request it answers, so that a run whose code asked
   * the server for a huge answer cannot take the server away from the others sharing it.
   */
  private read(chunk: string): void {
    // A server closed for what it wrote is heard no more while it dies.
    if (this.refused) return;
    if (this.skipping) {
      const end = chunk.indexOf("\n");
      if (end === -1) return this.skip(chunk);
      this.skip(chunk.slice(0, end));
      this.endSkip();
      chunk = chunk.slice(end + 1);
    }
    // Only the new chunk is searched for line ends: a long line costs its length once, not once per chunk.
    if (!chunk.includes("\n")) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength > MAX_MESSAGE_CHARS) this.startSkip();
      return;
    }
    const lines = (this.pending.join("") + chunk).split("\n");
    const rest = lines.pop()!;
    this.pending = rest ? [rest] : [];
    this.pendingLength = rest.length;
    for (const raw of lines) {
      const line = raw.replace(/\r$/, "");
      if (line.trim() === "") continue;
      // Measured before JSON.parse, which would hold the whole of it on the host's heap.
      if (line.length > MAX_MESSAGE_CHARS) {
        this.dropped(line, `a line of more than ${MAX_MESSAGE_CHARS} characters`);
        continue;
      }
      if (jsonShape(line, MAX_MESSAGE_NODES).containers > MAX_MESSAGE_NODES) {
        this.dropped(line, `a message of more than ${MAX_MESSAGE_NODES} objects and arrays`);
        continue;
      }
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        if (this.garbage.length < 3) this.garbage.push(line.slice(0, 200));
        continue;
      }
      this.onmessage?.(message as JSONRPCMessage);
    }
  }

  /** The line being read passed the cap: what came of it is scanned for its id, then let go. */
  private startSkip(): void {
    const scanner = new ResponseIdScanner();
    const stalled = setTimeout(() => this.refuse(`a line of more than ${MAX_MESSAGE_CHARS} characters that did not end`), SKIP_STALL_MS);
    stalled.unref();
    this.skipping = { scanner, stalled };
    const pieces = this.pending;
    this.pending = [];
    this.pendingLength = 0;
    for (const piece of pieces) this.skip(piece);
  }

  private skip(piece: string): void {
    this.skipping!.scanner.push(piece);
    this.skipping!.stalled.refresh();
  }

  private endSkip(): void {
    const { scanner, stalled } = this.skipping!;
    clearTimeout(stalled);
    this.skipping = undefined;
    this.failRequest(scanner.id, `a line of more than ${MAX_MESSAGE_CHARS} characters`);
  }

  private dropped(line: string, what: string): void {
    const scanner = new ResponseIdScanner();
    scanner.push(line);
    this.failRequest(scanner.id, what);
  }

  /** Answers the request a dropped message answered, if it was a response: with an error the run's code sees. */
  private failRequest(id: string | number | undefined, what: string): void {
    if (id === undefined) return;
    const message = `the server's answer was ${what}, more than codemode takes from a server; it was dropped`;
    this.onmessage?.({ jsonrpc: "2.0", id, error: { code: -32603, message } } as JSONRPCMessage);
  }

  /** Closes the connection of a server that sent more than the host takes. */
  private refuse(what: string): void {
    this.refused = what;
    this.pending = [];
    this.pendingLength = 0;
    if (this.skipping) clearTimeout(this.skipping.stalled);
    this.skipping = undefined;
    this.onerror?.(new Error(`the server wrote ${what}; the connection was closed`));
    void this.close();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin) throw new Error("the server process is not running");
    await new Promise<void>((resolve, reject) => stdin.write(`${JSON.stringify(message)}\n`, (error) => (error ? reject(error) : resolve())));
  }

  /** Ends the process: stdin closed and SIGTERM, then SIGKILL if it lingers. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 1000);
      child.once("close", () => {
        clearTimeout(kill);
        resolve();
      });
      child.stdin?.end();
      child.kill("SIGTERM");
    });
  }
}
