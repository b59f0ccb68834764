/**
 * TypeScript's lib files as sets: which libs a root lib pulls in, and one file holding a set.
 * Pure code, with nothing of Node: the type checker's startup snapshot (`typecheck/snapshot-build.ts`)
 * bundles it with the libs' text.
 */

/** `root` and every lib it references (`/// <reference lib="…" />`), transitively. */
export function reachableLibs(all: Map<string, string>, root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const todo = [root];
  while (todo.length > 0) {
    const name = todo.pop()!;
    const text = all.get(name);
    if (text === undefined || Object.hasOwn(found, name)) continue;
    found[name] = text;
    for (const match of text.matchAll(/\/\/\/\s*<reference\s+lib="([^"]+)"/g)) todo.push(`lib.${match[1]!.toLowerCase()}.d.ts`);
  }
  return found;
}

/**
 * One file holding the `roots` libs and every lib they reference, less the `without` ones, and
 * without the references: lib files are global scripts, so together in one file they declare the
 * same as apart.
 */
export function bundleLibs(libs: Map<string, string>, roots: string[], without: string[] = []): string {
  const texts = new Map<string, string>();
  for (const root of roots) for (const [name, text] of Object.entries(reachableLibs(libs, root))) texts.set(name, text);
  if (texts.size === 0) throw new Error(`no TypeScript lib ${roots.join(", ")}`);
  for (const name of without) texts.delete(name);
  return [...texts.values()].map((text) => text.replace(/^\/\/\/\s*<reference\s+lib=.*$/gm, "")).join("\n");
}
