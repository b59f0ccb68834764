/**
 * An anchor for the tool-call rows: what one message to a fresh Node process and back costs over
 * pipes, with nothing else done on either side. A run's calls cross such a pair of pipes into a
 * sandbox process made for that run alone, so this is the floor of a call's overhead on the
 * machine at hand (it moves with the machine far more than the in-memory `callTool` does).
 */
import { spawn } from "node:child_process";

const ECHO = 'process.stdin.on("data", (chunk) => process.stdout.write(chunk));';

/**
 * Milliseconds per round trip over `trips` round trips of 100 bytes, in a child that has just
 * started (as a run's sandbox has). With `between`, each echo is followed by `between()` before
 * the next is sent: a direct `callTool` there gives a tool call's floor on the machine, the two
 * hops and the call in turn, each part run after the other side's (see `runtime.bench.ts`).
 */
export async function pipeRoundTrip(trips: number, between?: () => Promise<unknown>): Promise<number> {
  const child = spawn(process.execPath, ["-e", ECHO], { stdio: ["pipe", "pipe", "ignore"] });
  const message = "x".repeat(100);
  const echoes = (count: number) =>
    new Promise<void>((resolve, reject) => {
      if (count === 0) return resolve();
      let left = count;
      const send = () => child.stdin.write(message);
      const next = () => {
        const last = --left === 0;
        if (last) child.stdout.off("data", next);
        const then = last ? () => resolve() : send;
        if (between) between().then(then, reject);
        else then();
      };
      child.stdout.on("data", next);
      send();
    });
  // Up: its first echo came back. Then timed, as a run's calls are timed once its sandbox is up.
  await echoes(1);
  const started = performance.now();
  await echoes(trips);
  const elapsed = performance.now() - started;
  child.kill();
  return elapsed / trips;
}
