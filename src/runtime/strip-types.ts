import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { Message } from "esbuild";
import { holdHost } from "../util/child-hold.js";
import { esbuild, esbuildBinary } from "../util/esbuild.js";
import { AGENT_FILE } from "./wire.js";

/** Longer than this, esbuild is stopped (some inputs, such as long chains of arrows, take it minutes). */
export const STRIP_TIMEOUT_MS = 5000;

/**
 * The data segment (RLIMIT_DATA) of a run's own esbuild: Go reserves about 80 MiB of it to start,
 * and a 250 KB script under the code cap about 20 more (a data literal of that size needed 100).
 * esbuild's parser recurses once per nesting level (a chain of prefix operators nests once per
 * character), and Go grows a goroutine's stack up to 1 GB: under this limit such code fails in
 * a twentieth of a second at about 80 MB resident, where the shared esbuild grew by 0.8 GB.
 */
const DATA_LIMIT_KB = 128 * 1024;
/** Output past this is not the code and source map of a script under the code cap. */
const MAX_OUTPUT_BYTES = 32 * 2 ** 20;
const MAX_STDERR_CHARS = 64 * 1024;

const ARGS = ["--loader=ts", "--sourcemap=inline", `--sourcefile=${AGENT_FILE}`, "--target=es2022", "--log-level=error", "--color=false"];
const OPTIONS = { loader: "ts", sourcemap: "external", sourcefile: AGENT_FILE, target: "es2022", logLevel: "silent" } as const;
const INLINE_MAP = "//# sourceMappingURL=data:application/json;base64,";

/** Code without its types, and its source map (JSON). */
export interface Stripped {
  code: string;
  map: string;
}

/** One of esbuild's errors: its text, and where (line 1-based, column 0-based), when it says. */
export type StripError = Pick<Message, "text"> & { location: { line: number; column: number } | null };

/** Why esbuild produced nothing for a piece of code: its syntax errors, or none when it crashed, ran too long or out of memory. */
export class StripFailure extends Error {
  constructor(
    message: string,
    readonly errors: StripError[] = [],
  ) {
    super(message);
  }
}

/**
 * esbuild's type stripping, bounded. Each call gets an esbuild process of its own, under a memory
 * limit and a deadline, so that no run's code can make another run's compile fail or wait, nor
 * hold more of the machine than the limit: one shared esbuild grew by gigabytes for a chain of
 * prefix operators, and failed every compile beside it while it did. One process is started
 * ahead, waiting for its input, so that a compile does not wait for esbuild to start (about 7 ms).
 * Where esbuild has no executable to start directly, the shared service is used (bounded in time
 * only). Throws only {@link StripFailure}.
 */
export async function stripTypes(wrapped: string): Promise<Stripped> {
  const binary = esbuildBinary();
  return binary ? inOwnProcess(binary, wrapped) : inSharedService(wrapped);
}

const tooSlow = () => new StripFailure(`the code took longer than ${STRIP_TIMEOUT_MS} ms to compile; write it more simply`);

/** An esbuild started ahead of need: it reads its input to the end, compiles it once, and exits. */
let ahead: ChildProcessWithoutNullStreams | undefined;

function startCompiler(binary: string): ChildProcessWithoutNullStreams {
  // `ulimit` where the shell has it (every POSIX shell); esbuild itself is exec'd, so a kill reaches it.
  const child = spawn("/bin/sh", ["-c", `ulimit -d ${DATA_LIMIT_KB} 2>/dev/null; exec "$0" "$@"`, binary, ...ARGS], { stdio: ["pipe", "pipe", "pipe"], env: {} });
  child.once("error", () => {});
  child.stdin.on("error", () => {});
  return child;
}

/** The esbuild started ahead if it is still waiting, else a new one; another is started for the next compile. */
function takeCompiler(binary: string): ChildProcessWithoutNullStreams {
  const waiting = ahead;
  ahead = undefined;
  const usable = waiting && waiting.pid !== undefined && waiting.exitCode === null && waiting.signalCode === null && !waiting.stdin.writableEnded;
  if (waiting && !usable) waiting.kill("SIGKILL");
  setImmediate(() => {
    if (ahead) return;
    ahead = startCompiler(binary);
    // A waiting esbuild holds no host open; it reads the end of its input when the host exits, and exits too.
    holdHost(ahead, false);
  });
  return usable ? waiting : startCompiler(binary);
}

function inOwnProcess(binary: string, wrapped: string): Promise<Stripped> {
  return new Promise((resolve, reject) => {
    const child = takeCompiler(binary);
    // Started ahead unheld: this compile keeps the host alive until it ends.
    holdHost(child, true);
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = "";
    let settled = false;
    const settle = (outcome: Stripped | StripFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      if (outcome instanceof StripFailure) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => settle(tooSlow()), STRIP_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) settle(new StripFailure("the code could not be compiled: its output is too large"));
      else out.push(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += text;
    });
    child.once("error", (error) => settle(new StripFailure(`the code could not be compiled: esbuild did not start (${error.message})`)));
    if (child.exitCode !== null || child.signalCode !== null) settle(new StripFailure("the code could not be compiled: esbuild did not start"));
    child.once("close", (code) => {
      if (code === 0) return settle(withInlineMap(Buffer.concat(out).toString("utf8")) ?? new StripFailure("the code could not be compiled: esbuild's output had no source map"));
      const error = firstError(stderr);
      if (error) return settle(new StripFailure(error.text, [error]));
      settle(new StripFailure(`the code could not be compiled: it took more memory than a compile may (${DATA_LIMIT_KB / 1024} MiB); write it more simply`));
    });
    child.stdin.end(wrapped);
  });
}

function withInlineMap(output: string): Stripped | undefined {
  const at = output.lastIndexOf(INLINE_MAP);
  if (at === -1) return undefined;
  return { code: output.slice(0, at), map: Buffer.from(output.slice(at + INLINE_MAP.length).trim(), "base64").toString("utf8") };
}

/** The first error esbuild printed (`✘ [ERROR] text`, then `agent.ts:line:column:` when it has a place). */
function firstError(stderr: string): StripError | undefined {
  const match = /\[ERROR\] ([^\n]*)\n(?:[ \t]*\n)*(?:[ \t]+([^\n]*?):(\d+):(\d+):)?/.exec(stderr);
  if (!match) return undefined;
  const placed = match[2] === AGENT_FILE;
  return { text: match[1]!, location: placed ? { line: Number(match[3]), column: Number(match[4]) } : null };
}

/** The shared service, bounded in time: past the deadline it is stopped; one that died (or was stopped under another run) is restarted once. */
async function inSharedService(wrapped: string): Promise<Stripped> {
  const { stop, transform } = esbuild();
  for (let attempt = 0; ; attempt++) {
    try {
      const { code, map } = await withDeadline(transform(wrapped, OPTIONS));
      return { code, map };
    } catch (error) {
      if (error instanceof StripFailure) throw error;
      const errors = (error as { errors?: Message[] }).errors ?? [];
      const placed = errors.find((message) => message.location);
      if (placed) throw new StripFailure(placed.text, [{ text: placed.text, location: { line: placed.location!.line, column: placed.location!.column } }]);
      await stop();
      if (attempt > 0) throw new StripFailure(`the code could not be compiled (${String((error as Error)?.message).split("\n")[0]})`);
    }
  }
}

async function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(tooSlow());
      void esbuild().stop();
    }, STRIP_TIMEOUT_MS);
  });
  work.catch(() => {});
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
