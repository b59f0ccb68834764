import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import type { ExecutorName } from "../../src/runtime/executor.js";
import type { Runtime, RunOptions, RunResult } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";
import { childrenOf } from "../helpers/processes.js";

/** A secret in the host's environment that no run may ever see. */
export const SECRET = "codemode-canary-7f3a";
/** A file an escaped run would create. */
export const MARKER = path.join(os.tmpdir(), `codemode-escaped-${process.pid}`);

/**
 * Headroom over a run's own timeout before a test calls it uncontained. Generous on purpose:
 * the assertion is that the run ends at all, on a shared 2-core machine that may be busy.
 */
export const MARGIN_MS = 15_000;

/**
 * The timeout for an attack that may end in `kinds`: `short` when a timeout is one of its
 * endings; else time enough to reach the limit it must end at (memory, calls), which on a VM
 * where each new page is slow, or on a busy machine, takes seconds. A timeout there would fail
 * the test for the machine's speed; with the limit's watch broken, the attack still fails it
 * (it runs to its end, or to this timeout).
 */
export function timeoutFor(kinds: readonly (string | undefined)[], short = 1000): number {
  return kinds.includes("timeout") ? short : 15_000;
}

/** Runs hostile code and checks containment: bounded time, no secret, no marker, and the runtime still answers. */
export async function attack(runtime: Runtime, code: string, options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const started = Date.now();
  const run = await runtime.run(code, { ...options, timeoutMs });
  expect(Date.now() - started, "ended within its timeout plus a margin").toBeLessThan(timeoutMs + MARGIN_MS);
  expect(JSON.stringify(run)).not.toContain(SECRET);
  expect(existsSync(MARKER)).toBe(false);
  expect(await runtime.run("return 40 + 2")).toMatchObject({ ok: true, result: 42 });
  return run;
}

/**
 * The sandbox Node processes: the children of this process's `unshare` children (Linux, with
 * namespaces) once they are Node, not the shell that is still setting up a jail.
 */
export function sandboxPids(): number[] {
  const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  return childrenOf(process.pid).flatMap((pid) => {
    try {
      return comm(pid) === "unshare" ? childrenOf(pid).filter((child) => comm(child) === "node") : [];
    } catch {
      return [];
    }
  });
}

/**
 * The runtime a security test file (or one executor's suite in it) attacks: the demo server,
 * unchecked code (attacks must reach the sandbox), and the canary in the host's environment for
 * the suite's duration. Read `.runtime` inside tests.
 */
export function hostileRuntime(server: { onCall?: (tool: string) => void } = {}, executor: ExecutorName = "node"): { runtime: Runtime } {
  const holder = {} as { runtime: Runtime };
  let close: () => Promise<void>;
  beforeAll(async () => {
    process.env.CODEMODE_CANARY = SECRET;
    ({ runtime: holder.runtime, close } = await demoRuntime({ timeoutMs: 5000, typecheck: false }, server, { executor }));
  });
  afterAll(async () => {
    delete process.env.CODEMODE_CANARY;
    await close();
  });
  return holder;
}
