import { countTokens } from "gpt-tokenizer";
import { promptTypings } from "../generate.js";
import { collectListings } from "../sources.js";
import type { CliIo } from "./io.js";
import { configFor, type ExitCode, type PromptFlags } from "./main.js";

/** `codemode prompt`: the typings on stdout, their token count beside the raw JSON's on stderr. */
export async function runPrompt(flags: PromptFlags, io: CliIo): Promise<ExitCode> {
  const config = await configFor(flags, io);
  const chosen = flags.server ? { ...config, servers: config.servers.filter((s) => flags.server!.includes(s.name)) } : config;
  const listings = await collectListings(chosen, { offline: !flags.live, env: io.env }).catch((error: unknown) => {
    if (flags.live) throw error;
    // No committed snapshot yet: ask the servers themselves.
    return collectListings(chosen, { env: io.env });
  });
  const typings = await promptTypings(listings);
  io.stdout(typings);
  const api = countTokens(typings);
  const json = countTokens(JSON.stringify(listings.map((listing) => ({ tools: listing.snapshot.tools }))));
  io.stderr(`prompt: ${api} o200k tokens; the tools/list JSON: ${json} (${(api / json).toFixed(2)}x)\n`);
  return 0;
}
