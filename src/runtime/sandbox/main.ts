/**
 * The sandbox process: runs one run's agent code and then is killed by the host. It talks to the
 * host only through frames on its stdin and fd 3 (see `../wire.ts`). Before any agent code it
 * strips its own realm (`harden.ts`), builds a fresh `vm` context with the bootstrap and the
 * shims, and installs the bootstrap's stack formatter as Node's, so that formatting a stack runs
 * no host JavaScript. This file imports nothing from the host side of the runtime.
 */
import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import vm from "node:vm";
import { HOST_BINDING } from "../../protocol.js";
import { AGENT_FILE, encodeFrame, FrameReader, type HostFrame, type SandboxFrame, type SandboxLimits } from "../wire.js";
import { bootstrap } from "./bootstrap.js";
import { hardenRealm } from "./harden.js";

type SandboxApi = ReturnType<typeof bootstrap>;
const OUT_FD = 3;
/** Shims and agent code; far above any real input, and the host sends nothing else. */
const MAX_HOST_FRAME = 64 * 2 ** 20;
const BOOTSTRAP = `(${bootstrap.toString()})`;
/** The host's frames are read into this one buffer, then copied out (`onread` below): at most this much per read. */
const READ_BUFFER_BYTES = 64 * 1024;
// Captured before `hardenRealm` removes the `process` global.
const exitProcess = process.exit.bind(process);
const exit = (code: number): never => exitProcess(code);

function write(frame: SandboxFrame): void {
  const bytes = encodeFrame(frame);
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(OUT_FD, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") exit(71);
    }
  }
}

/** Node's stack formatting hook, reached through `--expose-internals`; without it, stacks are turned off. */
function stackHook(): ((format: unknown) => void) | undefined {
  try {
    const { internalBinding } = createRequire(import.meta.url)("internal/test/binding") as { internalBinding(name: string): { setPrepareStackTraceCallback(fn: unknown): void } };
    const errors = internalBinding("errors");
    return (format) => errors.setPrepareStackTraceCallback(format);
  } catch {
    return undefined;
  }
}

const hook = stackHook();
let limits: SandboxLimits = { maxToolCalls: 0, maxArgumentBytes: 0, maxLogBytes: 0, maxResultBytes: 0 };
let live = false;
let nextId = 0;
let api: SandboxApi | undefined;
let context: vm.Context | undefined;

/** The host functions the bootstrap holds: primitives in, primitives out, never a throw. */
const send = (request: unknown): number => {
  if (!live || typeof request !== "string" || request.length > limits.maxArgumentBytes) return -1;
  write({ t: "call", id: ++nextId, request });
  return nextId;
};
const log = (level: unknown, text: unknown): number => {
  if (live && typeof level === "string" && typeof text === "string") write({ t: "log", level: level.slice(0, 8), text: text.slice(0, limits.maxLogBytes) });
  return 0;
};
const finish = (outcome: unknown): number => {
  if (!live || typeof outcome !== "string") return 0;
  live = false;
  const fallback = '{"ok":false,"error":{"name":"RangeError","message":"the outcome was too large to report","kind":"limit"}}';
  write({ t: "done", outcome: outcome.length > limits.maxResultBytes + 65_536 ? fallback : outcome });
  return 0;
};

function init(shims: string[]): void {
  context = vm.createContext(vm.constants.DONT_CONTEXTIFY as unknown as vm.Context, { name: "codemode agent", codeGeneration: { strings: false, wasm: false } });
  const install = vm.runInContext(BOOTSTRAP, context, { filename: "codemode:bootstrap" }) as typeof bootstrap;
  api = install(send, log, finish, HOST_BINDING, hook !== undefined);
  hook?.(api.formatStack);
  for (const shim of shims) vm.runInContext(shim, context, { filename: "codemode:shim" });
  warmUp();
  write({ t: "ready", stacks: hook !== undefined });
}

/**
 * Runs the path of a run once before any agent code, while the process waits in the pool: V8
 * compiles each function the first time it is called, and in a fresh process that is every
 * function a run goes through. Nothing is written (no run is live, so `finish` drops the outcome),
 * and the code is codemode's own, so the agent's context gains nothing from it.
 */
function warmUp(): void {
  const compiled = vm.compileFunction('"use strict"; return async () => [1]', [], { parsingContext: context!, filename: AGENT_FILE }) as () => () => Promise<unknown>;
  api!.run(compiled, limits);
  // The path of a tool call's frames, both ways, short of writing: id 0 is never a call's, so
  // its result is dropped by `deliver`.
  encodeFrame({ t: "call", id: 0, request: "{}" });
  for (const frame of new FrameReader(MAX_HOST_FRAME).push(encodeFrame({ t: "result", id: 0, response: "{}" }))) onFrame(frame as HostFrame);
}

function run(js: string, runLimits: SandboxLimits): void {
  limits = runLimits;
  live = true;
  let compiled: () => () => Promise<unknown>;
  try {
    // A function body: agent code cannot close a wrapper and run at script top level. Strict
    // itself, not only inside the wrapper: code that closes the wrapper's function early (hidden
    // from the type checker by an HTML-like comment) is still in this body, and strict there too.
    compiled = vm.compileFunction(`"use strict"; return ${js}`, [], { parsingContext: context!, filename: AGENT_FILE }) as typeof compiled;
  } catch {
    finish('{"ok":false,"error":{"name":"SyntaxError","message":"the agent code could not be compiled","kind":"agent"}}');
    return;
  }
  api!.run(compiled, runLimits);
}

function onFrame(frame: HostFrame): void {
  if (frame.t === "init" && !api) init(frame.shims);
  else if (frame.t === "run" && api && !live) run(frame.js, frame.limits);
  else if (frame.t === "result") {
    try {
      api?.deliver(frame.id, frame.response);
    } catch {
      // a response the agent's context cannot take: dropped
    }
  }
}

// Nothing the agent does may reach Node's default handlers, which inspect the thrown value.
process.on("uncaughtException", () => exit(70));
process.on("unhandledRejection", () => {});
const reader = new FrameReader(MAX_HOST_FRAME);
// Stdin read with `onread` rather than as a stream (`process.stdin`): Node hands each read to the
// callback without a Buffer, a push, a 'data' event and a read-ahead tick per chunk, which a
// tool call paid for every result. The buffer is reused, so the reader gets a copy it may keep.
// (`onread` is documented for `socket.connect`; Node's Socket constructor takes it the same way,
// and @types/node leaves it out there.)
const readBuffer = new Uint8Array(READ_BUFFER_BYTES);
const stdin = new Socket({
  fd: 0,
  readable: true,
  writable: false,
  onread: {
    buffer: readBuffer,
    callback: (length: number) => {
      for (const frame of reader.push(readBuffer.slice(0, length))) onFrame(frame as HostFrame);
    },
  },
} as ConstructorParameters<typeof Socket>[0]);
stdin.on("end", () => exit(0));
hardenRealm();
