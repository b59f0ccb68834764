import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";

type Esbuild = typeof import("esbuild");

const require = createRequire(import.meta.url);

/**
 * esbuild, loaded on first use through `require`: it is CommonJS, and an ES `import` of it makes
 * Node scan its source for export names first (about 40 ms more, on the path of a run's first
 * TypeScript).
 */
export function esbuild(): Esbuild {
  return require("esbuild") as Esbuild;
}

let binary: string | null | undefined;

/**
 * The path of esbuild's native executable, as esbuild's own API finds it (`ESBUILD_BINARY_PATH`,
 * then the platform's `@esbuild/<platform>-<arch>` package, then the one npm's install put in
 * `esbuild/bin`), or undefined where there is none to start directly (Windows, a WebAssembly
 * build, an install without its scripts).
 */
export function esbuildBinary(): string | undefined {
  if (binary === undefined) binary = [process.env.ESBUILD_BINARY_PATH, resolved(`@esbuild/${process.platform}-${process.arch}/bin/esbuild`), resolved("esbuild/bin/esbuild")].find(isNativeExecutable) ?? null;
  return binary ?? undefined;
}

function resolved(specifier: string): string | undefined {
  try {
    return require.resolve(specifier);
  } catch {
    return undefined;
  }
}

/** ELF or Mach-O: `esbuild/bin/esbuild` is a Node script until esbuild's install step replaces it. */
function isNativeExecutable(file: string | undefined): file is string {
  if (!file || process.platform === "win32") return false;
  try {
    const fd = openSync(file, "r");
    const head = Buffer.alloc(4);
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    const magic = head.readUInt32BE(0);
    return magic === 0x7f454c46 || [0xcffaedfe, 0xcefaedfe, 0xfeedfacf, 0xfeedface, 0xcafebabe].includes(magic);
  } catch {
    return false;
  }
}
