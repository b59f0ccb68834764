/**
 * The wire between the host and one sandbox process: length-prefixed frames over two pipes
 * (host → sandbox on the child's stdin, sandbox → host on fd 3). Pure code, imported by both
 * sides. A frame is a 4-byte big-endian length and that many bytes of body; a reader refuses a
 * length over its cap before buffering the frame, so a hostile sandbox cannot make the host hold
 * or parse more than the cap.
 *
 * Most bodies are UTF-8 JSON. The two frames of every tool call, `call` and `result`, whose text
 * is itself JSON, are carried raw instead: a tag byte, a 4-byte big-endian id and the text's
 * UTF-8 bytes. Wrapped in JSON, that text was escaped and parsed twice per call on each side.
 * A JSON body always starts with `{`, never with a tag byte.
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

/** The tag byte of a raw frame's body. */
const CALL = 1;
const RESULT = 2;
/** Tag and id. */
const RAW_HEADER = 5;

/** Encodes one frame. */
export function encodeFrame(message: HostFrame | SandboxFrame): Uint8Array {
  if (message.t === "call") return rawFrame(CALL, message.id, message.request);
  if (message.t === "result") return rawFrame(RESULT, message.id, message.response);
  return frame(encoder.encode(JSON.stringify(message)), 0);
}

function rawFrame(tag: number, id: number, text: string): Uint8Array {
  const out = frame(encoder.encode(text), RAW_HEADER);
  out[4] = tag;
  new DataView(out.buffer).setUint32(5, id);
  return out;
}

/** A frame holding `body` after `header` bytes of its own (left zero for the caller to fill). */
function frame(body: Uint8Array, header: number): Uint8Array {
  const out = new Uint8Array(4 + header + body.length);
  new DataView(out.buffer).setUint32(0, header + body.length);
  out.set(body, 4 + header);
  return out;
}

/** A frame's body, decoded; throws (any error) for one that is malformed. */
function decodeBody(body: Uint8Array): unknown {
  const tag = body[0];
  if (tag !== CALL && tag !== RESULT) return JSON.parse(decoder.decode(body));
  if (body.length < RAW_HEADER) throw new FrameError("a frame cut short inside its header");
  const id = new DataView(body.buffer, body.byteOffset, RAW_HEADER).getUint32(1);
  const text = decoder.decode(body.subarray(RAW_HEADER));
  return tag === CALL ? { t: "call", id, request: text } : { t: "result", id, response: text };
}

/** Thrown by {@link FrameReader} for a frame over its cap or one it cannot decode. */
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
        frames.push(decodeBody(body));
      } catch {
        throw new FrameError("a frame that is not UTF-8 JSON, nor a call or result with UTF-8 text");
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
