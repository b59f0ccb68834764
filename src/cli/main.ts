import { CodemodeError } from "../errors.js";
import { CODEMODE_VERSION } from "../version.js";
import { AUTH_HELP, CHECK_HELP, DIFF_HELP, DOCTOR_HELP, GENERATE_HELP, INIT_HELP, MAIN_HELP, PROMPT_HELP, RUN_HELP, SERVE_HELP } from "./help.js";
import type { CliIo } from "./io.js";
import type { AuthFlags, CheckFlags, DiffFlags, ExitCode, GenerateFlags, InitFlags, PromptFlags, RunFlags, ServeFlags } from "./options.js";
import { parseFlags, type FlagSpec } from "./parse.js";
import { reportError } from "./report.js";
import { nearest } from "../util/suggest.js";


// Each command module is imported when that command runs: `--help`, `-v` and `run` do not load
// the generator (ts-morph, prettier, the MCP client, the tokenizer).

/** Runs the CLI on raw arguments (without `node` and the script). Never calls `process.exit`. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "-h":
      case "--help":
        io.stdout(MAIN_HELP);
        return command === undefined ? 2 : 0;
      case "help":
        // `codemode help run`, as git and npm take it.
        if (rest[0] !== undefined && !Object.hasOwn(COMMAND_HELP, rest[0])) throw unknownCommand(rest[0]);
        io.stdout(rest[0] === undefined ? MAIN_HELP : COMMAND_HELP[rest[0]]!);
        return 0;
      case "-v":
      case "--version":
        io.stdout(`${CODEMODE_VERSION}\n`);
        return 0;
      case "generate":
        return await withHelp(rest, GENERATE_HELP, io, async () => (await import("./generate.js")).runGenerate(parseFlags("generate", rest, GENERATE_OPTIONS).values as GenerateFlags, io));
      case "prompt":
        return await withHelp(rest, PROMPT_HELP, io, async () => (await import("./prompt.js")).runPrompt(parseFlags("prompt", rest, PROMPT_OPTIONS).values as PromptFlags, io));
      case "diff":
        return await withHelp(rest, DIFF_HELP, io, async () => {
          const { values, positionals } = parseFlags("diff", rest, DIFF_OPTIONS, 2);
          if (positionals.length === 1) throw new CodemodeError("USAGE", "codemode diff takes two snapshot files, or none", { hint: "see codemode diff --help" });
          return (await import("./diff.js")).runDiff(values as DiffFlags, positionals, io);
        });
      case "init":
        return await withHelp(rest, INIT_HELP, io, async () => (await import("./init.js")).runInit(parseFlags("init", rest, INIT_OPTIONS).values as InitFlags, io));
      case "auth":
        return await withHelp(rest, AUTH_HELP, io, async () => {
          const { values, positionals } = parseFlags("auth", rest, AUTH_OPTIONS, 1);
          return (await import("./auth.js")).runAuth(values as AuthFlags, positionals[0], io);
        });
      case "run":
        return await withHelp(rest, RUN_HELP, io, async () => {
          const { values, positionals } = parseFlags("run", rest, RUN_OPTIONS, 1);
          return (await import("./run.js")).runAgent(values as RunFlags, positionals[0], io);
        });
      case "serve":
        return await withHelp(rest, SERVE_HELP, io, async () => (await import("./serve.js")).runServe(parseFlags("serve", rest, SERVE_OPTIONS).values as ServeFlags, io));
      case "check":
        return await withHelp(rest, CHECK_HELP, io, async () => {
          const { values, positionals } = parseFlags("check", rest, CHECK_OPTIONS, Infinity);
          return (await import("./check.js")).runCheck(values as CheckFlags, positionals, io);
        });
      case "doctor":
        return await withHelp(rest, DOCTOR_HELP, io, async () => (await import("./doctor.js")).runDoctor(parseFlags("doctor", rest, DOCTOR_OPTIONS).values as { json?: boolean }, io));
      default:
        throw unknownCommand(command);
    }
  } catch (error) {
    reportError(io, error);
    return 2;
  }
}

const COMMON = {
  config: { type: "string", short: "c" },
  from: { type: "string", multiple: true },
  out: { type: "string", short: "o" },
  server: { type: "string", short: "s", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;
const GENERATE_OPTIONS = { ...COMMON, offline: { type: "boolean" }, check: { type: "boolean" }, silent: { type: "boolean" }, watch: { type: "boolean", short: "w" } } as const;
const PROMPT_OPTIONS = {
  ...COMMON,
  live: { type: "boolean" },
  tool: { type: "string", short: "t", multiple: true },
  digest: { type: "boolean" },
  search: { type: "string" },
  "max-tokens": { type: "string" },
} as const;
const DIFF_OPTIONS = { config: COMMON.config, from: COMMON.from, out: COMMON.out, server: COMMON.server, help: COMMON.help } as const;
const INIT_OPTIONS = { from: COMMON.from, out: COMMON.out, force: { type: "boolean" }, yes: { type: "boolean", short: "y" }, help: COMMON.help } as const;
const AUTH_OPTIONS = {
  config: COMMON.config,
  from: COMMON.from,
  help: COMMON.help,
  logout: { type: "boolean" },
  "no-browser": { type: "boolean" },
  timeout: { type: "string" },
} as const;
const DOCTOR_OPTIONS = { help: COMMON.help, json: { type: "boolean" } } as const satisfies FlagSpec;
/** The flags of commands that work on the generated packages of one config. */
const PACKAGES = { config: COMMON.config, from: COMMON.from, out: COMMON.out, help: COMMON.help } as const;
const RUN_OPTIONS = {
  ...PACKAGES,
  executor: { type: "string" },
  timeout: { type: "string" },
  memory: { type: "string" },
  json: { type: "boolean" },
  "no-typecheck": { type: "boolean" },
} as const;
const SERVE_OPTIONS = {
  ...PACKAGES,
  executor: { type: "string" },
  http: { type: "string" },
  token: { type: "string" },
  "max-api-tokens": { type: "string" },
} as const;
const CHECK_OPTIONS = PACKAGES;

/** Each command's help, for `codemode help COMMAND`. */
const COMMAND_HELP: Record<string, string> = {
  generate: GENERATE_HELP,
  prompt: PROMPT_HELP,
  diff: DIFF_HELP,
  init: INIT_HELP,
  auth: AUTH_HELP,
  run: RUN_HELP,
  serve: SERVE_HELP,
  check: CHECK_HELP,
  doctor: DOCTOR_HELP,
};
const COMMANDS = [...Object.keys(COMMAND_HELP), "help"];

/**
 * `codemode genrate` → did you mean generate?; `codemode --verison` → did you mean --version?;
 * another flag first (`codemode --ofline`) belongs to a command.
 */
function unknownCommand(command: string): CodemodeError {
  if (command.startsWith("-")) {
    const near = nearest(command, ["--help", "--version"]);
    if (near) return new CodemodeError("USAGE", `unknown flag ${command}; did you mean codemode ${near}?`);
    return new CodemodeError("USAGE", `unknown flag ${command}; flags follow a command, as in codemode generate ${command}`);
  }
  const near = nearest(command, COMMANDS);
  return new CodemodeError("USAGE", `unknown command "${command}"; ${near ? `did you mean codemode ${near}?` : "run codemode --help for the commands"}`);
}

async function withHelp(args: string[], help: string, io: CliIo, run: () => Promise<ExitCode>): Promise<ExitCode> {
  if (args.includes("-h") || args.includes("--help")) {
    io.stdout(help);
    return 0;
  }
  return run();
}
