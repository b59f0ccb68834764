import type { Message, TransformResult } from "esbuild";
import { esbuild } from "../util/esbuild.js";
import { AGENT_FILE } from "./wire.js";

/** Longer than this, esbuild is stopped (some inputs, such as long chains of arrows, take it minutes). */
export const STRIP_TIMEOUT_MS = 5000;

/** Why esbuild produced nothing for a piece of code: its syntax errors, or none when it crashed or ran too long. */
export class StripFailure extends Error {
  constructor(
    message: string,
    readonly errors: Message[] = [],
  ) {
    super(message);
  }
}

const OPTIONS = { loader: "ts", sourcemap: "external", sourcefile: AGENT_FILE, target: "es2022", logLevel: "silent" } as const;

/**
 * esbuild's type stripping, bounded: past {@link STRIP_TIMEOUT_MS} the service is stopped, and a
 * service that died (or was stopped under another run) is restarted once, so no input can break
 * later runs. Throws only {@link StripFailure}.
 */
export async function stripTypes(wrapped: string): Promise<TransformResult> {
  // Loaded on first use: plain JavaScript never needs it.
  const { stop, transform } = esbuild();
  for (let attempt = 0; ; attempt++) {
    try {
      return await withDeadline(transform(wrapped, OPTIONS));
    } catch (error) {
      if (error instanceof StripFailure) throw error;
      const errors = (error as { errors?: Message[] }).errors ?? [];
      if (errors.some((message) => message.location)) throw new StripFailure(errors[0]!.text, errors);
      // The service died or was stopped: start a new one and try once more.
      await stop();
      if (attempt > 0) throw new StripFailure(`the code could not be compiled (${String((error as Error)?.message).split("\n")[0]})`);
    }
  }
}

async function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new StripFailure(`the code took longer than ${STRIP_TIMEOUT_MS} ms to compile; write it more simply`));
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
