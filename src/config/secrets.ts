/**
 * The secrets a config's live servers are started with, and their removal from text that goes
 * to agent code. An error about a server names its command or URL and what its stderr said, all
 * after `${VAR}` expansion: a prompt-injected run could make a server fail on purpose and read an
 * API key in the error. The host owns the secrets, so every such message is cut before it leaves.
 */
import { interpolate, referencedVariables } from "./interpolate.js";
import type { ResolvedServer } from "./types.js";

/** Shorter values (a `1`, a `true`) would blank ordinary words out of every message. */
const MIN_SECRET_CHARS = 6;

/** What stands for a secret in a message. */
export const REDACTED = "[secret]";

/**
 * Every value the environment brings into a server entry through `${VAR}` (its command,
 * arguments, `env` and `headers` values, URL, OAuth client) and every `${VAR:-default}`'s
 * default there, every literal value of its `env` and `headers` maps and its OAuth client
 * secret, and the user, password, path segments and query values of a remote server's URL: those
 * are where keys go. Each in the forms a message may show it ({@link shapes}), longest first, so
 * that a secret holding another is cut whole. Values under {@link MIN_SECRET_CHARS} characters are
 * not cut.
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
      for (const { name, fallback } of referencedVariables(text)) {
        const value = env[name];
        if (value) found.add(value);
        // A default is a value written into the config, as a literal is: used when the variable is not set.
        if (fallback) found.add(fallback);
      }
    }
    // A literal value: a key written into the config (one with `${VAR}`s gave its variables above).
    for (const value of Object.values(maps)) if (referencedVariables(value).length === 0) found.add(value);
    if (server.kind === "remote") {
      for (const part of urlParts(interpolateOrNot(server.url, env))) found.add(part);
      // A client secret written into the config (one with `${VAR}`s gave its variables above).
      const clientSecret = server.oauth?.clientSecret;
      if (clientSecret && referencedVariables(clientSecret).length === 0) found.add(clientSecret);
    }
  }
  return [...new Set([...found].flatMap(shapes))].filter((secret) => secret.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

/**
 * The forms a secret takes in a message: as it is; each of its lines (a multi-line key, as an
 * error indents a server's stderr); JSON-escaped (an error quoting what a server wrote);
 * percent-encoded and lower-cased (a URL, as `new URL` normalises its path and host); upper-cased;
 * and base64-encoded ({@link base64Cores}: a Basic `Authorization` header a server logs).
 */
function shapes(secret: string): string[] {
  return [secret, ...secret.split(/\r?\n/).map((line) => line.trim()), JSON.stringify(secret).slice(1, -1), encodeURI(secret), encodeURIComponent(secret), secret.toLowerCase(), secret.toUpperCase(), ...base64Cores(secret)];
}

/** Base64 text shorter than this is too likely to occur by chance in a message to be cut. */
const MIN_BASE64_CHARS = 8;

/**
 * What base64 text holds of `secret` wherever it sits in the encoded bytes (after `user:` in a
 * Basic header, say): for each of the three alignments, the characters that encode its bytes
 * alone, standard and URL-safe. The characters at either end also encode the bytes around it,
 * so they are left out.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const cores: string[] = [];
  for (let before = 0; before < 3; before++) {
    const encoded = Buffer.concat([Buffer.alloc(before), bytes]).toString("base64");
    const core = encoded.slice(Math.ceil(before / 3) * 4, Math.floor((before + bytes.length) / 3) * 4);
    if (core.length >= MIN_BASE64_CHARS) cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}

/**
 * The user, password, path segments and query values of a remote server's URL as written: keys
 * go there too (`/v1/<key>/sse`, `https://user:<key>@host`), literally or through `${VAR}`, and
 * short ones (`/mcp`) fall under the minimum length.
 */
function urlParts(url: string): string[] {
  try {
    const parsed = new URL(url);
    // As the URL shows them, and decoded (what a server may log).
    return [parsed.username, parsed.password, ...parsed.pathname.split("/"), ...parsed.searchParams.values()].flatMap((part) => [part, decodeURIComponent(part)]);
  } catch {
    return [];
  }
}

/** The URL as connections expand it; as written when a variable is not set (it cannot connect then). */
function interpolateOrNot(url: string, env: NodeJS.ProcessEnv): string {
  try {
    return interpolate(url, env, "url");
  } catch {
    return url;
  }
}

/** `text` with every one of `secrets` replaced by {@link REDACTED}. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
