import { CodemodeError } from "../errors.js";

const PATTERN = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expands `${VAR}`, `${VAR:-default}` and `${env:VAR}` in one config value. Done at connect
 * time, not load time, so `--offline` runs need no secrets. `key` names the value in errors.
 */
export function interpolate(value: string, env: NodeJS.ProcessEnv, key: string): string {
  return value.replace(PATTERN, (_match, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== "") return found;
    if (fallback !== undefined) return fallback;
    throw new CodemodeError("ENV_MISSING", `${key} uses \${${name}}, which is not set`, {
      hint: `set ${name} in the environment, or write \${${name}:-default}`,
    });
  });
}

/** The variables `value` refers to, as {@link interpolate} reads them, each with its `:-default` if it has one. */
export function referencedVariables(value: string): { name: string; fallback?: string }[] {
  return [...value.matchAll(PATTERN)].map((match) => ({ name: match[1]!, ...(match[2] !== undefined ? { fallback: match[2] } : {}) }));
}

/** Expands every value of a string map, naming `prefix.key` in errors. */
export function interpolateRecord(
  record: Record<string, string> | undefined,
  env: NodeJS.ProcessEnv,
  prefix: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key] = interpolate(value, env, `${prefix}.${key}`);
  return out;
}
