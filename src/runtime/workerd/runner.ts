import { bootModuleSource } from "./isolate-boot.js";

/** The compatibility date of the runner and of every dynamic worker it loads. */
export const COMPATIBILITY_DATE = "2026-11-01";

/* eslint-disable @typescript-eslint/no-explicit-any -- workerd's API, typed where it is used */
type Any = any;

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
 * (or `failed` when the isolate died under it). The stub forwards calls and console lines to the
 * host itself: a stub's request may not touch the stream of the `/run` request.
 *
 * The stub (`HostBridge`) is all a run can reach: its run name sits in props the runner set, so
 * a run cannot speak for another; it takes only strings, within the run's limits, and forwards
 * calls to the host with the secret. The host checks everything again.
 */
export function makeRunner(WorkerEntrypoint: Any, bootSource: string, compatibilityDate: string) {
  const encoder = new TextEncoder();
  /** Runs in flight in this isolate, by run name. */
  const runs = new Map<string, { limits: RunJob["limits"]; logged: number }>();

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

  class HostBridge extends WorkerEntrypoint {
    /** A tool call of this run; resolves with the host's answer, or null when refused. */
    async call(request: unknown): Promise<string | null> {
      const name = (this as Any).ctx.props?.run as string;
      const run = runs.get(name);
      if (!run || typeof request !== "string" || request.length > run.limits.maxArgumentBytes) return null;
      const env = (this as Any).env;
      const response = await toHost(env, "/call", { method: "POST", headers: { "x-codemode-secret": env.SECRET, "x-codemode-run": name }, body: request });
      if (!response.ok) return null;
      return await response.text();
    }

    /** A batch of `[level, text]` pairs of this run, as JSON: checked, capped, and forwarded to the host. */
    async log(batch: unknown): Promise<void> {
      const name = (this as Any).ctx.props?.run as string;
      const run = runs.get(name);
      if (!run || typeof batch !== "string" || batch.length > 6 * run.limits.maxLogBytes + 65_536) return;
      // The host keeps the budget; this only stops a run from making the runner forward more.
      if ((run.logged += batch.length) > 2 * (6 * run.limits.maxLogBytes + 65_536)) return;
      const env = (this as Any).env;
      const response = await toHost(env, "/log", { method: "POST", headers: { "x-codemode-secret": env.SECRET, "x-codemode-run": name }, body: batch });
      await response.arrayBuffer();
    }
  }

  const mainModule = (shims: number) =>
    [
      'import { WorkerEntrypoint } from "cloudflare:workers";',
      'import { start } from "./boot.js";',
      ...Array.from({ length: shims }, (_, i) => `import "./shim${i}.js";`),
      'import compiled from "./agent.ts";',
      "export default class extends WorkerEntrypoint { run(limits) { return start(this.env.HOST, compiled, limits); } }",
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
    runs.set(job.run, { limits: job.limits, logged: 0 });
    const modules: Record<string, { js: string }> = {
      "main.js": { js: mainModule(job.shims.length) },
      "boot.js": { js: bootSource },
      // A function body, as in the Node executor: agent line n is line n + 1 here too.
      "agent.ts": { js: `export default () => {return ${job.js}\n};` },
    };
    job.shims.forEach((shim, i) => (modules[`shim${i}.js`] = { js: shim }));
    const finished = (async () => {
      try {
        const worker = env.LOADER.load({
          compatibilityDate,
          mainModule: "main.js",
          modules,
          env: { HOST: ctx.exports.HostBridge({ props: { run: job.run } }) },
          globalOutbound: null,
        });
        const outcome: unknown = await worker.getEntrypoint().run(JSON.stringify(job.limits));
        const fallback = '{"ok":false,"error":{"name":"RangeError","message":"the outcome was too large to report","kind":"limit"}}';
        if (typeof outcome !== "string") write({ t: "failed", message: "the worker returned no outcome" });
        else write({ t: "done", outcome: outcome.length > job.limits.maxResultBytes + 65_536 ? fallback : outcome });
      } catch (error) {
        write({ t: "failed", message: String((error as Error)?.message ?? error).slice(0, 1000) });
      } finally {
        runs.delete(job.run);
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
        if (!validJob(job) || runs.has(job.run)) return new Response("not a run", { status: 400 });
        return run(job, env, ctx);
      },
    },
  };
}

/** The runner's module source, as workerd (or wrangler) loads it. */
export function runnerModuleSource(): string {
  return [
    'import { WorkerEntrypoint } from "cloudflare:workers";',
    `const runner = (${makeRunner.toString()})(WorkerEntrypoint, ${JSON.stringify(bootModuleSource())}, ${JSON.stringify(COMPATIBILITY_DATE)});`,
    "export const HostBridge = runner.HostBridge;",
    "export default runner.handler;",
    "",
  ].join("\n");
}
