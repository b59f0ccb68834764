/** A run's limits, resolved from the runtime's defaults and the run's own options (`RunOptions` documents each). */
export interface RunLimits {
  typecheck: boolean;
  timeoutMs: number;
  memoryMb: number;
  maxToolCalls: number;
  maxConcurrentCalls: number;
  maxArgumentBytes: number;
  maxResultBytes: number;
  maxLogBytes: number;
}

/**
 * The limits neither the runtime nor the run sets, apart from the runtime: `codemode run` starts
 * its first sandbox with them before it loads the runtime (see `prestartSandboxes`).
 */
export const DEFAULT_LIMITS: Readonly<RunLimits> = {
  typecheck: true,
  timeoutMs: 30_000,
  memoryMb: 128,
  maxToolCalls: 200,
  maxConcurrentCalls: 16,
  maxArgumentBytes: 2 ** 20,
  maxResultBytes: 4 * 2 ** 20,
  maxLogBytes: 64 * 2 ** 10,
};

/** What a runtime starts every sandbox process with: the default heap, how many wait ahead, the largest frame read. */
export interface ProcessSetup {
  memoryMb: number;
  warm: number;
  maxFrameBytes: number;
}

export function processSetup(limits: RunLimits, warm = 1): ProcessSetup {
  return { memoryMb: limits.memoryMb, warm, maxFrameBytes: maxFrameBytes(limits) };
}

/** The largest frame the host reads from a sandbox: its own limits' worth of JSON, escaped. */
function maxFrameBytes(limits: RunLimits): number {
  return 6 * Math.max(limits.maxArgumentBytes, limits.maxResultBytes, limits.maxLogBytes) + 2 ** 20;
}
