/**
 * The secrets a config's live servers are started with, and their removal from text that goes
 * to agent code. An error about a server names its command or URL and what its stderr said, all
 * after `${VAR}` expansion: a prompt-injected run could make a server fail on purpose and read an
 * API key in the error. The host owns the secrets, so every such message is cut before it leaves.
 */
import { referencedVariables } from "./interpolate.js";
import type { ResolvedServer } from "./types.js";

/** Shorter values (a `1`, a `true`) would blank ordinary words out of every message. */
const MIN_SECRET_CHARS = 6;

/** What stands for a secret in a message. */
export const REDACTED = "[secret]";

/**
 * Every value the environment brings into a server entry through `${VAR}` (its command,
 * arguments, `env` and `headers` values, URL, OAuth client), and every literal value of its `env`
 * and `headers` maps: those are where keys go. Longest first, so that a secret holding another
 * is cut whole.
 */
export function serverSecrets(servers: readonly ResolvedServer[], env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>();
  for (const server of servers) {
    if (server.kind === "snapshot") continue;
    const maps = server.kind === "stdio" ? (server.env ?? {}) : (server.headers ?? {});
    const texts =
      server.kind === "stdio"
        ? [server.command, ...(server.args ?? []), ...Object.values(maps)]
        : [server.url, ...Object.values(maps), server.oauth?.clientId ?? "", server.oauth?.clientSecret ?? ""];
    for (const text of texts) {
      for (const name of referencedVariables(text)) {
        const value = env[name];
        if (value) found.add(value);
      }
    }
    // A literal value: a key written into the config (one with `${VAR}`s gave its variables above).
    for (const value of Object.values(maps)) if (referencedVariables(value).length === 0) found.add(value);
  }
  return [...found].filter((secret) => secret.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` replaced by {@link REDACTED}. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
