import path from "node:path";

/**
 * The cache folder in the `node_modules` that holds `file` (an installed dependency), beside
 * jiti's; undefined when none does. Apart from `cache.ts` (which loads `node:crypto`): the
 * checker's snapshot is looked for before the CLI loads (see `typecheck/snapshot-file.ts`).
 */
export function cacheDirFor(file: string): string | undefined {
  const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return at < 0 ? undefined : path.join(file.slice(0, at), "node_modules", ".cache", "codemode");
}
