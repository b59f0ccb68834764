import { countTokens } from "gpt-tokenizer";
import { promptDigest, promptTypings } from "../prompt/prompt.js";
import type { ServerListing } from "../snapshot/types.js";
import { applyPolicy } from "../policy/policy.js";
import { collectListings, onlyServers } from "../sources.js";
import { positive } from "./flags.js";
import type { CliIo } from "./io.js";
import { configFor, type ExitCode, type PromptFlags } from "./options.js";

/** Typings bigger than this many tokens are too many tools for one prompt: the digest goes instead. */
export const DEFAULT_MAX_TOKENS = 32_000;

/**
 * `codemode prompt`: on stdout the typings (all, or the `--tool`s), or the digest when asked for,
 * searched, or when the typings exceed `--max-tokens`; on stderr their size in tokens.
 */
export async function runPrompt(flags: PromptFlags, io: CliIo): Promise<ExitCode> {
  const config = await configFor(flags, io);
  const chosen = onlyServers(config, flags.server);
  const collected = await collectListings(chosen, { offline: !flags.live, env: io.env }).catch((error: unknown) => {
    if (flags.live) throw error;
    // No committed snapshot yet: ask the servers themselves.
    return collectListings(chosen, { env: io.env });
  });
  // What agent code may call: denied tools are not in the prompt.
  const listings = applyPolicy(collected, config.policy);
  // Counted only where it is printed: for a big API this is the costliest count.
  const json = () => countTokens(JSON.stringify(listings.map((listing) => ({ tools: listing.snapshot.tools }))));
  const maxTokens = flags["max-tokens"] ? positive(flags["max-tokens"], "--max-tokens") : DEFAULT_MAX_TOKENS;
  if (flags.tool) {
    const typings = await promptTypings(listings, { tools: flags.tool });
    io.stdout(typings);
    io.stderr(`prompt: ${countTokens(typings)} o200k tokens for ${flags.tool.join(", ")}\n`);
    return 0;
  }
  if (flags.digest || flags.search !== undefined) return printDigest(listings, flags.search, io, `the tools/list JSON: ${json()}`);
  const typings = await promptTypings(listings);
  const tokens = countTokens(typings);
  if (tokens > maxTokens) {
    io.stderr(`prompt: the typings are ${tokens} o200k tokens, over --max-tokens ${maxTokens}: printing the digest; pick functions with --tool namespace.function\n`);
    return printDigest(listings, undefined, io, `the typings: ${tokens}`);
  }
  io.stdout(typings);
  const raw = json();
  io.stderr(`prompt: ${tokens} o200k tokens; the tools/list JSON: ${raw}${raw > 0 ? ` (${(tokens / raw).toFixed(2)}x)` : ""}\n`);
  return 0;
}

function printDigest(listings: ServerListing[], search: string | undefined, io: CliIo, beside: string): ExitCode {
  const digest = promptDigest(listings, search === undefined ? {} : { search });
  io.stdout(digest.text);
  if (digest.shown === 0) {
    io.stderr(`prompt: no function matches "${search}"\n`);
    return 1;
  }
  io.stderr(`prompt: digest of ${digest.shown} of ${digest.total} functions, ${countTokens(digest.text)} o200k tokens; ${beside}\n`);
  return 0;
}
