import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TypeDiagnostic } from "./checker.js";
import type { CheckerRequest } from "./worker.js";

/** The worker's compiled entry: beside this module in `dist/`, or in `dist/` when running from `src/`. */
function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const dist = here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
  return path.join(dist, "typecheck", "worker.js");
}

/**
 * A type checker in a worker thread, started at once and warmed in the background: `check`
 * waits for it the first time, and answers in milliseconds after that. The typings may come
 * later than the thread: it loads TypeScript and its libs meanwhile.
 */
export class TypeCheckClient {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, { resolve: (d: TypeDiagnostic[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(typings: string | Promise<string>) {
    this.worker = new Worker(workerEntry());
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once("message", () => resolve());
      this.worker.once("error", reject);
      Promise.resolve(typings).then((text) => this.post({ typings: text }), reject);
    });
    this.ready.catch(() => {});
    this.worker.on("message", (message: { id?: number; diagnostics?: TypeDiagnostic[]; error?: string }) => {
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.diagnostics) waiting.resolve(message.diagnostics);
      else waiting.reject(new Error(`the type checker failed: ${message.error}`));
    });
    this.worker.on("error", (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  async check(code: string): Promise<TypeDiagnostic[]> {
    await this.ready;
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ id, code });
    });
  }

  private post(request: CheckerRequest): void {
    this.worker.postMessage(request);
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
