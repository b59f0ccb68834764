import type { ResolvedConfig } from "./config/types.js";
import { CodemodeError } from "./errors.js";
import { assembleFiles, emitApis, emitFiles, packageName, rootTypings, type EmittedFile } from "./emit/emit.js";
import type { ApiChange } from "./semver/classify.js";
import { nextRelease, readCommitted, type Release } from "./semver/release.js";
import { bundleShim } from "./emit/shim.js";
import { allFingerprinted, fingerprint, reusePackages } from "./format/reuse.js";
import { cachedShim } from "./format/shim-cache.js";
import { compileInBackground, startCompiler, stopUnusedCompiler } from "./compile/background.js";
import { runAfterWriteHooks } from "./hooks/after-write.js";
import type { ServerListing } from "./snapshot/types.js";
import { applyPolicy } from "./policy/policy.js";
import { collectListings, type SourceOptions } from "./sources.js";
import { planOutput, writeOutput, type OutputPlan } from "./write/write.js";

export interface GenerateOptions extends SourceOptions {
  /** Compare with the output folder and write nothing. */
  check?: boolean;
  /** Where the output of `hooks.afterWrite` commands goes. @default nowhere */
  log?: (text: string) => void;
}

export type Stage = "introspect" | "version" | "emit" | "reuse" | "compile" | "format" | "write";

export interface GenerateResult {
  files: EmittedFile[];
  plan: OutputPlan;
  /** Per-tool problems that did not stop generation. */
  warnings: string[];
  /** Milliseconds per stage. The compile check runs in a process or thread of its own beside format, so those two overlap. */
  timings: Record<Stage, number>;
  /** Whether the output folder was already up to date (what `--check` asks). */
  upToDate: boolean;
  /** Servers whose committed package was reused, neither compiled nor formatted again (see `format/reuse.ts`). */
  reused: string[];
  /** Classified API changes against the committed snapshots, by server (servers without changes left out). */
  changes: Record<string, ApiChange[]>;
}

/**
 * The whole pipeline: introspect → emit → reuse → compile → format → write. Nothing is written
 * until every server answered and every file compiled, so a failed run leaves the output
 * untouched. A package whose fingerprint shows it was made from the same input is reused as it
 * is (see `format/reuse.ts`): neither compiled nor formatted again. The compiler and prettier
 * are imported only when some API needs them; the compiler in a process or thread of its own
 * (`compile/background.ts`), started as early as a compile is known to come, so that it loads
 * and checks beside the rest.
 */
export async function generate(config: ResolvedConfig, options: GenerateOptions = {}): Promise<GenerateResult> {
  const timings = {} as Record<Stage, number>;
  const timed = async <T>(stage: Stage, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[stage] = performance.now() - started;
    }
  };
  // A package without a fingerprint will be compiled: the compiler starts meanwhile.
  if (!(await allFingerprinted(config.outDir, config.servers.map((server) => server.name)))) startCompiler();
  else stopUnusedCompiler();
  const listings = await timed("introspect", () => collectListings(config, options));
  const releases = await timed("version", () => planReleases(config, listings));
  // Denied tools are not in the typings; the snapshot keeps what the server said.
  const { apis, warnings } = await timed("emit", () => emitApis(applyPolicy(listings, config.policy)));
  const reused = await timed("reuse", () => reusePackages(config.outDir, apis));
  const fresh = apis.filter((_, i) => !reused[i]);
  // The compile check runs beside this thread while it formats; nothing is written before it passed.
  const compiled = timed("compile", () => (fresh.length > 0 ? compileFresh(rootTypings(fresh)) : undefined));
  compiled.catch(() => {});
  const files = await timed("format", async () => {
    const [formattedFresh, shim] = await Promise.all([
      fresh.length > 0 ? import("./format/format.js").then(({ formatApis }) => formatApis(fresh)) : [],
      reused.find((r) => r !== undefined)?.shim ?? cachedShim(),
    ]);
    const formatted = apis.map((api, i) => reused[i]?.api ?? formattedFresh[fresh.indexOf(api)]!);
    const prints = await Promise.all(apis.map((api, i) => fingerprint(api.block, formatted[i]!.block, shim)));
    const fingerprints = new Map(apis.map((api, i) => [api.spec.server, prints[i]!]));
    return assembleFiles(listings, formatted, { scope: config.scope, shim, releases, fingerprints });
  });
  await compiled;
  const plan = await timed("write", async () => {
    const planned = await planOutput(config.outDir, files);
    if (options.check) return planned;
    await writeOutput(config.outDir, files, planned);
    if (planned.added.length + planned.changed.length + planned.removed.length > 0) {
      await runAfterWriteHooks(config.hooks.afterWrite, config.rootDir, options.env ?? process.env, options.log ?? (() => {}));
    }
    return planned;
  });
  const upToDate = plan.added.length + plan.changed.length + plan.removed.length === 0;
  const changes = Object.fromEntries([...releases].filter(([, release]) => release.changes.length > 0).map(([server, release]) => [server, release.changes]));
  const reusedServers = apis.filter((_, i) => reused[i]).map((api) => api.spec.server);
  return { files, plan, warnings, timings, upToDate, reused: reusedServers, changes };
}

/** The compile check in the background; in this thread if it cannot run there (a verdict on the typings stands). */
async function compileFresh(typings: string): Promise<void> {
  try {
    await compileInBackground(typings);
  } catch (error) {
    if (error instanceof CodemodeError) throw error;
    (await import("./compile/check.js")).compileCheck(typings);
  }
}

/** Each server's next version and changelog, from what is committed in the output folder. */
async function planReleases(config: ResolvedConfig, listings: ServerListing[]): Promise<Map<string, Release>> {
  const entries = await Promise.all(
    listings.map(async (listing): Promise<[string, Release]> => {
      const committed = await readCommitted(config.outDir, listing.name);
      return [listing.name, nextRelease(packageName(config.scope, listing.name), committed, listing.snapshot)];
    }),
  );
  return new Map(entries);
}

/** Emits with the shim bundled (once per process). */
export async function emitFromListings(listings: ServerListing[], scope: string) {
  return emitFiles(listings, { scope, shim: await bundleShim() });
}

/** `generate --check`: what generate would change, writing nothing. `upToDate` is the verdict. */
export function check(config: ResolvedConfig, options: Omit<GenerateOptions, "check"> = {}): Promise<GenerateResult> {
  return generate(config, { ...options, check: true });
}
