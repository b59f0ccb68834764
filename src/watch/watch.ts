import { watch as watchFile, type FSWatcher } from "node:fs";
import type { Client } from "@modelcontextprotocol/client";
import { loadConfig } from "../config/load.js";
import type { ResolvedConfig } from "../config/types.js";
import { generate, type GenerateOptions, type GenerateResult } from "../generate.js";
import { withConnection } from "../introspect/connect.js";
import type { LiveServer } from "../introspect/transport.js";

/** What a watch reports: each generate's result or error, and why it ran. */
export type WatchEvent =
  | { type: "generated"; reason: string; result: GenerateResult }
  | { type: "failed"; reason: string; error: unknown }
  | { type: "waiting"; watching: string[] };

export interface WatchOptions extends Omit<GenerateOptions, "check"> {
  configFile?: string;
  cwd?: string;
  outDir?: string;
  /** Quiet period before regenerating, so one save or a burst of notifications runs once. @default 200 */
  debounceMs?: number;
}

/**
 * `generate --watch`: generates, then again whenever the config, a snapshot file or an
 * imported client config changes, or a connected server sends `notifications/tools/list_changed`
 * (or the prompts and resources ones). Returns a function that stops watching.
 */
export async function watchGenerate(options: WatchOptions, onEvent: (event: WatchEvent) => void): Promise<() => Promise<void>> {
  let watchers: FSWatcher[] = [];
  let clients: Client[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const teardown = async () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
    const closing = clients;
    clients = [];
    await Promise.all(closing.map((client) => client.close().catch(() => {})));
  };

  const schedule = (reason: string) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => (running = running.then(() => cycle(reason))), options.debounceMs ?? 200);
  };

  const cycle = async (reason: string) => {
    if (stopped) return;
    await teardown();
    let config: ResolvedConfig | undefined;
    try {
      config = await loadConfig({ ...(options.configFile ? { file: options.configFile } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
      if (options.outDir) config = { ...config, outDir: options.outDir };
      onEvent({ type: "generated", reason, result: await generate(config, options) });
    } catch (error) {
      onEvent({ type: "failed", reason, error });
    }
    if (stopped) return;
    const files = config ? watchedFiles(config, options.configFile) : options.configFile ? [options.configFile] : [];
    for (const file of files) {
      try {
        watchers.push(watchFile(file, () => schedule(`${file} changed`)));
      } catch {
        // a file that does not exist yet cannot be watched; its absence was reported by generate
      }
    }
    if (config) clients = await listen(config, options.env ?? process.env, schedule);
    onEvent({ type: "waiting", watching: files });
  };

  running = cycle("start");
  await running;
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    await teardown();
  };
}

function watchedFiles(config: ResolvedConfig, configFile: string | undefined): string[] {
  const files = new Set<string>();
  if (config.file ?? configFile) files.add((config.file ?? configFile)!);
  for (const file of config.imports) files.add(file);
  for (const server of config.servers) if (server.kind === "snapshot") files.add(server.snapshot);
  return [...files];
}

/** Stays connected to each live server, regenerating when it says its lists changed. */
async function listen(config: ResolvedConfig, env: NodeJS.ProcessEnv, schedule: (reason: string) => void): Promise<Client[]> {
  const live = config.servers.filter((server): server is LiveServer => server.kind !== "snapshot");
  const connected = await Promise.allSettled(
    live.map((server) =>
      withConnection(server, env, Date.now() + server.timeoutMs, async ({ client }) => {
        for (const list of ["tools", "prompts", "resources"] as const) {
          client.setNotificationHandler(`notifications/${list}/list_changed`, () => schedule(`server "${server.name}" changed its ${list}`));
        }
        return client;
      }, true),
    ),
  );
  return connected.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
}

