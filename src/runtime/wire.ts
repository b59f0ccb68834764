/**
 * The wire between the host and one sandbox process: length-prefixed JSON frames over two pipes
 * (host → sandbox on the child's stdin, sandbox → host on fd 3). Pure code, imported by both
 * sides. A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON; a reader
 * refuses a length over its cap before buffering the frame, so a hostile sandbox cannot make the
 * host hold or parse more than the cap.
 */

/** The file name agent code runs under; stack frames in it are the agent's. */
export const AGENT_FILE = "agent.ts";

export const LOG_LEVELS = ["log", "info", "warn", "error", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the sandbox enforces itself, as an early refusal; the host enforces all of it again. */
export interface SandboxLimits {
  maxToolCalls: number;
  maxArgumentBytes: number;
  maxLogBytes: number;
  maxResultBytes: number;
}

/** Host → sandbox. `init` comes once, right after start; `run` once; `result` per call. */
export type HostFrame =
  | { t: "init"; shims: string[] }
  | { t: "run"; js: string; limits: SandboxLimits }
  | { t: "result"; id: number; response: string };

/** Sandbox → host. */
export type SandboxFrame =
  | { t: "ready"; stacks: boolean }
  | { t: "call"; id: number; request: string }
  | { t: "log"; level: string; text: string }
  /** How agent code ended, as JSON the bootstrap wrote; the host checks it and decides timeouts, memory and crashes itself. */
  | { t: "done"; outcome: string };

// Made once, at load: the sandbox removes these globals before agent code runs.
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Encodes one frame. */
export function encodeFrame(message: HostFrame | SandboxFrame): Uint8Array {
  const body = encoder.encode(JSON.stringify(message));
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length);
  frame.set(body, 4);
  return frame;
}

/** Thrown by {@link FrameReader} for a frame over its cap or one that is not JSON. */
export class FrameError extends Error {}

/** Splits a byte stream into decoded frames, refusing any frame longer than `maxBytes`. */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** The length of the frame being received (header included), once its header is read. */
  private expected: number | undefined;

  constructor(private readonly maxBytes: number) {}

  /** Adds bytes; returns the frames they complete. Throws {@link FrameError}; the stream is then unusable. */
  push(chunk: Uint8Array): unknown[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: unknown[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.buffered < 4) return frames;
        const head = this.take(4, false);
        const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
        if (length > this.maxBytes) throw new FrameError(`a frame of ${length} bytes; the limit is ${this.maxBytes}`);
        this.expected = 4 + length;
      }
      // Nothing is copied until the whole frame is here: reading a frame costs its size once.
      if (this.buffered < this.expected) return frames;
      const body = this.take(this.expected, true).subarray(4);
      this.expected = undefined;
      try {
        frames.push(JSON.parse(decoder.decode(body)));
      } catch {
        throw new FrameError("a frame that is not UTF-8 JSON");
      }
    }
  }

  /** The first `n` buffered bytes, consumed or not. */
  private take(n: number, consume: boolean): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.buffered);
    this.chunks = [all];
    const out = all.subarray(0, n);
    if (consume) {
      this.chunks = all.length > n ? [all.subarray(n)] : [];
      this.buffered -= n;
    }
    return out;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
