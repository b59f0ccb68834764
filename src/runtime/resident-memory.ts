import { readFileSync } from "node:fs";

/** A process's resident memory in bytes (Linux), or undefined where it cannot be read. */
export function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** How often the host reads a sandbox's resident memory. */
const WATCH_MS = 10;

/**
 * Calls `exceeded` once the process's resident memory has grown past `baseline` by more than
 * twice its heap limit plus 128 MiB: array buffers and native allocations escape the heap limit,
 * and code needs room too. Returns how to stop watching; where memory cannot be read (not
 * Linux), nothing is watched.
 */
export function watchResidentMemory(pid: number | undefined, baseline: number | undefined, memoryMb: number, exceeded: () => void): () => void {
  if (baseline === undefined) return () => {};
  const allowance = (memoryMb * 2 + 128) * 2 ** 20;
  const timer = setInterval(() => {
    const now = residentBytes(pid);
    if (now !== undefined && now - baseline > allowance) exceeded();
  }, WATCH_MS);
  return () => clearInterval(timer);
}
