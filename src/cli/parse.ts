import { parseArgs } from "node:util";
import { CodemodeError } from "../errors.js";
import { nearest } from "../util/suggest.js";

/** A subcommand's flags, as `node:util` `parseArgs` takes them. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses a subcommand's flags (and at most `maxPositionals` plain arguments). Every mistake is a
 * usage error of one line in codemode's words, never `parseArgs`'s own text, with the nearest
 * flag for a misspelt one: `codemode generate: unknown flag --ofline; did you mean --offline?`.
 */
export function parseFlags(command: string, args: string[], options: FlagSpec, maxPositionals = 0): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true }) as Parsed;
  } catch (error) {
    throw new CodemodeError("USAGE", `codemode ${command}: ${describe(error as Error & { code?: string }, options)}`);
  }
  const extra = parsed.positionals.slice(maxPositionals);
  if (extra.length > 0) {
    const takes = maxPositionals === 0 ? "takes no arguments" : `takes at most ${maxPositionals} argument${maxPositionals === 1 ? "" : "s"}`;
    throw new CodemodeError("USAGE", `codemode ${command}: unexpected argument "${extra[0]}"; it ${takes} (see codemode ${command} --help)`);
  }
  return parsed;
}

function describe(error: Error & { code?: string }, options: FlagSpec): string {
  const flag = /'(-[^' ,]+)/.exec(error.message)?.[1] ?? "";
  const long = /--([\w-]+)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    // Long flags only: one letter is too little to guess from.
    const near = flag.startsWith("--") ? nearest(flag.replace(/=.*$/, ""), Object.keys(options).map((name) => `--${name}`)) : undefined;
    return `unknown flag ${flag}; ${near ? `did you mean ${near}?` : "see --help"}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && long && options[long]) {
    return options[long].type === "boolean" ? `--${long} takes no value` : `--${long} needs a value`;
  }
  // Any other parseArgs complaint, without its advice on positionals.
  return `${error.message.split(". ")[0]!.replace(/^./, (c) => c.toLowerCase())}; see --help`;
}
