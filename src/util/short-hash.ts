/**
 * 16 hex digits of FNV-1a over the parts: for naming cache files, not a defence. Apart from
 * `cache.ts`: `node:crypto` costs the paths that need a name before the CLI loads 3 ms.
 */
export function shortHash(parts: string[]): string {
  let hash = 0xcbf29ce484222325n;
  for (const char of parts.join("\0")) {
    hash ^= BigInt(char.codePointAt(0)!);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}
