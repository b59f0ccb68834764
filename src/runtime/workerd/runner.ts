import { bootModuleSource } from "./isolate-boot.js";

/** The compatibility date of the runner and of every dynamic worker it loads. */
export const COMPATIBILITY_DATE = "2026-11-01";

/* eslint-disable @typescript-eslint/no-explicit-any -- workerd's API, typed where it is used */
type Any = any;
declare const scheduler: unknown;

/** What the host posts to `/run`: one run. */
export interface RunJob {
  /** The host's name for this run; calls come back to the host under it. */
  run: string;
  js: string;
  shims: string[];
  limits: { maxToolCalls: number; maxArgumentBytes: number; maxLogBytes: number; maxResultBytes: number };
}

/**
 * The runner worker: trusted code that workerd runs once per process (and Cloudflare once per
 * deployment), stringified into its module. `/run` (with the shared secret) loads a fresh dynamic
 * worker for the job, with `globalOutbound: null` and, as its whole `env`, one RPC stub bound to
 * the job's run name; it answers with a JSON line: `done` with the outcome the bootstrap wrote
 * and the number of calls the run sent (or `failed` when the isolate died under it). The stub
 * forwards calls and console lines to the host itself: a stub's request may not touch the stream
 * of the `/run` request.
 *
 * The stub (`HostBridge`) is all a run can reach: its run name sits in props the runner set, so
 * a run cannot speak for another; it takes only strings, within the run's limits, and forwards
 * them to the host with the secret. It keeps no state: whether the run is still live (a call
 * fired and not awaited may arrive after its end) is the host's to decide, and the host checks
 * everything again.
 */
export function makeRunner(WorkerEntrypoint: Any, bootSource: string, compatibilityDate: string) {
  const encoder = new TextEncoder();
  /** Constant-time comparison of the caller's secret with this runner's. */
  const authentic = (given: string | null, secret: unknown): boolean => {
    if (typeof secret !== "string" || secret.length < 32 || typeof given !== "string") return false;
    const a = encoder.encode(given);
    const b = encoder.encode(secret);
    if (a.length !== b.length) return false;
    const subtle = (crypto as Any).subtle;
    return subtle.timingSafeEqual ? subtle.timingSafeEqual(a, b) : a.every((byte: number, i: number) => byte === b[i]);
  };

  /** Reaches the host: a service binding locally (`HOST`), a URL on Cloudflare (`HOST_URL`). */
  const toHost = (env: Any, path: string, init: RequestInit): Promise<Response> =>
    env.HOST ? env.HOST.fetch(`http://host${path}`, init) : fetch(`${env.HOST_URL}${path}`, init);

  /**
   * Calls each run in flight has had answered (or refused) by the host: the run's request waits
   * for all of them after the outcome, since ending it would cancel calls the code fired and never
   * awaited before they reach the host. Numbers only: a stub's request may share no object with
   * the run's request.
   */
  const answered = new Map<string, number>();

  /** What a run's stub carries, set by this runner: the run's name and its limits. */
  const propsOf = (bridge: Any): { run: string; maxArgumentBytes: number; maxLogBytes: number } => bridge.ctx.props;

  class HostBridge extends WorkerEntrypoint {
    /** A tool call of this run; resolves with the host's answer, or null when refused (the run is over, or the request too large). */
    async call(request: unknown): Promise<string | null> {
      const props = propsOf(this);
      if (typeof request !== "string" || request.length > props.maxArgumentBytes) return null;
      const env = (this as Any).env;
      try {
        const response = await toHost(env, "/call", { method: "POST", headers: { "x-codemode-secret": env.SECRET, "x-codemode-run": props.run }, body: request });
        if (!response.ok) return null;
        return await response.text();
      } finally {
        const count = answered.get(props.run);
        if (count !== undefined) answered.set(props.run, count + 1);
      }
    }

    /** A batch of `[level, text]` pairs of this run, as JSON, forwarded to the host (which checks and caps it). */
    async log(batch: unknown): Promise<void> {
      const props = propsOf(this);
      if (typeof batch !== "string" || batch.length > 6 * props.maxLogBytes + 65_536) return;
      const env = (this as Any).env;
      const response = await toHost(env, "/log", { method: "POST", headers: { "x-codemode-secret": env.SECRET, "x-codemode-run": props.run }, body: batch });
      await response.arrayBuffer();
    }
  }

  const mainModule = (shims: number) =>
    [
      'import { WorkerEntrypoint } from "cloudflare:workers";',
      'import { start } from "./boot.js";',
      ...Array.from({ length: shims }, (_, i) => `import "./shim${i}.js";`),
      'import compiled from "./agent.ts";',
      "export default class extends WorkerEntrypoint { run(limits) { return start(this.env.HOST, this.ctx, compiled, limits); } }",
    ].join("\n");

  const validJob = (job: Any): job is RunJob =>
    job !== null &&
    typeof job === "object" &&
    typeof job.run === "string" &&
    typeof job.js === "string" &&
    Array.isArray(job.shims) &&
    job.shims.every((shim: unknown) => typeof shim === "string") &&
    ["maxToolCalls", "maxArgumentBytes", "maxLogBytes", "maxResultBytes"].every((key) => Number.isSafeInteger(job.limits?.[key]));

  async function run(job: RunJob, env: Any, ctx: Any): Promise<Response> {
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    const write = (frame: unknown) => void writer.write(encoder.encode(`${JSON.stringify(frame)}\n`)).catch(() => {});
    const modules: Record<string, { js: string }> = {
      "main.js": { js: mainModule(job.shims.length) },
      "boot.js": { js: bootSource },
      // A function body, as in the Node executor: agent line n is line n + 1 here too.
      "agent.ts": { js: `export default () => {return ${job.js}\n};` },
    };
    job.shims.forEach((shim, i) => (modules[`shim${i}.js`] = { js: shim }));
    answered.set(job.run, 0);
    const finished = (async () => {
      try {
        const worker = env.LOADER.load({
          compatibilityDate,
          mainModule: "main.js",
          modules,
          env: { HOST: ctx.exports.HostBridge({ props: { run: job.run, maxArgumentBytes: job.limits.maxArgumentBytes, maxLogBytes: job.limits.maxLogBytes } }) },
          globalOutbound: null,
        });
        const ended: unknown = await worker.getEntrypoint().run(JSON.stringify(job.limits));
        const fallback = '{"ok":false,"error":{"name":"RangeError","message":"the outcome was too large to report","kind":"limit"}}';
        // "<calls sent>\n<outcome JSON>", a string (see boot.js's `finish`).
        const text = typeof ended === "string" ? ended : "";
        const cut = text.indexOf("\n");
        const calls = cut > 0 ? Number(text.slice(0, cut)) : NaN;
        if (!Number.isSafeInteger(calls) || calls < 0) write({ t: "failed", message: "the worker returned no outcome" });
        else {
          const outcome = text.slice(cut + 1);
          write({ t: "done", calls, outcome: outcome.length > job.limits.maxResultBytes + 65_536 ? fallback : outcome });
          // The host holds the outcome until it has every call, then ends them: wait for that.
          for (let waited = 0; (answered.get(job.run) ?? 0) < calls && waited < 30_000; waited += 5) await (scheduler as Any).wait(5);
        }
        void worker;
      } catch (error) {
        write({ t: "failed", message: String((error as Error)?.message ?? error).slice(0, 1000) });
      } finally {
        answered.delete(job.run);
        await writer.close().catch(() => {});
      }
    })();
    ctx.waitUntil(finished);
    return new Response(readable, { headers: { "content-type": "application/x-ndjson" } });
  }

  return {
    HostBridge,
    handler: {
      async fetch(request: Request, env: Any, ctx: Any): Promise<Response> {
        if (!authentic(request.headers.get("x-codemode-secret"), env.SECRET)) return new Response("forbidden", { status: 403 });
        const path = new URL(request.url).pathname;
        if (path === "/ping") return new Response("ok");
        if (path !== "/run" || request.method !== "POST") return new Response("not found", { status: 404 });
        let job: unknown;
        try {
          job = await request.json();
        } catch {
          return new Response("not JSON", { status: 400 });
        }
        if (!validJob(job)) return new Response("not a run", { status: 400 });
        return run(job, env, ctx);
      },
    },
  };
}

/**
 * Run from TypeScript sources (tsx, which keeps function names), the stringified functions call
 * esbuild's `__name` helper: defined module-locally, it does nothing. Built code never calls it.
 */
export const NAME_HELPER = "const __name = (target) => target;";

/** The runner's module source, as workerd (or wrangler) loads it. */
export function runnerModuleSource(): string {
  return [
    'import { WorkerEntrypoint } from "cloudflare:workers";',
    NAME_HELPER,
    `const runner = (${makeRunner.toString()})(WorkerEntrypoint, ${JSON.stringify(bootModuleSource())}, ${JSON.stringify(COMPATIBILITY_DATE)});`,
    "export const HostBridge = runner.HostBridge;",
    "export default runner.handler;",
    "",
  ].join("\n");
}
