export const MAIN_HELP = `codemode: turn MCP servers into typed TypeScript APIs that LLMs write code against.

Usage: codemode <command> [options]

Commands:
  generate   Introspect the configured servers and write one typed package per server
  prompt     Print the LLM-ready typings (the prompt), a digest of a big API, or chosen functions
  run        Run agent code against the generated APIs in the sandbox
  diff       Classify API changes against the committed snapshots; exit 1 when one breaks
  init       Write codemode.config.ts, importing the MCP client configs found in the project
  auth       Sign in to a remote server with OAuth (once; later runs refresh the tokens)
  serve      Serve the configured servers as code mode: an MCP server with execute, search, describe
  check      Type-check agent scripts against the generated typings (for CI)
  doctor     Show which executors run here and which sandbox layers hold

Options:
  -h, --help      Show help (also: codemode <command> --help)
  -v, --version   Show codemode's version

Exit codes: 0 ok, 1 output is stale (--check), a change is breaking (diff) or agent code
failed (run), 2 usage, config or connection error.
Docs: README.md in the codemode package.
`;

export const GENERATE_HELP = `Usage: codemode generate [options]

Connects to every server in the config (or reads its snapshot), and writes to the output folder:
  .agents.d.ts               every server's namespace as a global, for agent code and prompts
  index.d.ts                 a module re-exporting every package's types, for host code
  <server>/index.d.ts        the server's API (a module): one function per tool, JSDoc from the schemas
  <server>/index.js          the runtime shim the codemode runtime loads
  <server>/package.json      a versioned package
  <server>/snapshot.json     what the server said, canonical, for --offline and review

The first generate of an install also prepares the type checker that codemode run starts
(a V8 snapshot in node_modules/.cache/codemode/, about a second, once).

Options:
  -c, --config FILE   Config file (default: codemode.config.ts, .js, .mjs, .json or package.json#codemode,
                      here or in a folder above, up to the project's package.json)
      --from FILE     Also take the servers of another MCP client's config (repeatable): .mcp.json,
                      .cursor/mcp.json, .vscode/mcp.json, Claude Desktop's, Windsurf's; alone, it is
                      the whole config
  -o, --out DIR       Output folder (default: the config's outDir, else "generated")
  -s, --server NAME   Only introspect this server (repeatable); others keep their committed snapshot
      --offline       Start no server: regenerate from the committed snapshots
      --check         Write nothing; exit 1 listing every stale file and each server's API changes (for CI)
  -w, --watch         Regenerate when the config or a snapshot changes, or a server says its tools
                      changed (notifications/tools/list_changed); Ctrl-C stops
      --silent        Print nothing but errors
  -h, --help          Show this help
`;

export const PROMPT_HELP = `Usage: codemode prompt [options]

Prints the typings an LLM needs (nothing else) on stdout, and on stderr their size in o200k
tokens beside the size of the servers' raw tools/list JSON. Reads the committed snapshots;
servers that have none yet are introspected.

When the typings exceed --max-tokens (too many tools for one prompt), it prints the digest
instead: one line per function with its argument's properties and what it does. The model picks
from the digest; --tool then prints the typings of just the picks.

Options:
  -c, --config FILE      Config file
      --from FILE        Also take the servers of another MCP client's config (repeatable)
  -o, --out DIR          Output folder holding the committed snapshots
  -s, --server NAME      Only this server (repeatable)
  -t, --tool NAME        Only this function's typings (repeatable): namespace.function,
                         namespace.*, a function name, or the server's own tool name
      --digest           Print the digest, whatever its size
      --search WORDS     Print the 10 digest lines that best match the words (whole words of
                         names, arguments, descriptions), best first; exit 1 when none does
      --max-tokens N     Above this size the typings give way to the digest (default 32000)
      --live             Introspect the servers instead of reading committed snapshots
  -h, --help             Show this help
`;

export const RUN_HELP = `Usage: codemode run FILE|- [options]

Runs agent code (TypeScript or JavaScript: the body of an async function, so top-level await
and return work) in the sandbox, against the generated packages of the config's servers. The
code sees only the server namespaces, ToolError and console: no process, require, import(),
network, files or environment. Tool calls go through this process, which holds the clients.

Prints the returned value as JSON on stdout and console output on stderr. Exit 0 when the code
succeeded, 1 when it failed. The type check starts from the snapshot codemode generate prepares,
when there is one; without it, it loads TypeScript first (about 0.1 s more).

Options:
  -c, --config FILE   Config file
      --from FILE     Also take the servers of another MCP client's config (repeatable)
  -o, --out DIR       Folder of the generated packages (default: the config's outDir)
      --executor NAME Where the code runs: node (a Node process per run) or workerd (a fresh
                      V8 isolate per run; npm install workerd) (default: the config's, else node)
      --timeout MS    Stop the code after this long (default 30000)
      --memory MB     Heap limit of the sandbox (default 128)
      --json          Print one object { ok, result, logs, error, calls, durationMs } on stdout
      --no-typecheck  Run without type-checking the code first
  -h, --help          Show this help
`;

export const SERVE_HELP = `Usage: codemode serve [options]

Runs an MCP server that gives a model the configured servers as code mode, from the committed
typings (generate first): live servers are connected on their first call.
  execute   { code }: type-checks, then runs TypeScript against the APIs; returns the value and logs
  search    { query, limit? }: the functions that best match plain words, with their signatures
  describe  { functions }: the full typings of chosen functions (namespace.function, namespace.*)
The typings are also a resource (codemode://typings). execute's description carries the whole API
when it fits --max-api-tokens, else the namespaces and how to use search and describe.

Options:
  -c, --config FILE         Config file
      --from FILE           Also take the servers of another MCP client's config (repeatable)
  -o, --out DIR             Folder of the generated packages (default: the config's outDir)
      --http [HOST:]PORT    Streamable HTTP at /mcp instead of stdio; HOST defaults to 127.0.0.1
      --token TOKEN         With --http, require Authorization: Bearer TOKEN (or CODEMODE_SERVE_TOKEN)
      --max-api-tokens N    Put the whole API in execute's description up to N tokens (default 8000)
      --executor NAME       Where agent code runs: node or workerd (default: the config's, else node)
  -h, --help                Show this help
`;

export const CHECK_HELP = `Usage: codemode check FILE… [options]

Type-checks agent scripts (the body of an async function, as codemode run takes them) against the
config's generated typings, as codemode run does before running. Prints each error as
FILE:LINE:COLUMN TSnnnn message. Exit 0 when every file type-checks, 1 when one does not.

Options:
  -c, --config FILE   Config file
      --from FILE     Also take the servers of another MCP client's config (repeatable)
  -o, --out DIR       Folder of the generated packages (default: the config's outDir)
  -h, --help          Show this help
`;

export const DOCTOR_HELP = `Usage: codemode doctor [options]

Lists the executors that can run agent code here (node, and workerd when it is installed: each
is tried with a real run), then starts a real sandbox process and reports which of its layers
hold on this machine: one process per run, a fresh vm context, stacks formatted inside the
sandbox, a stripped realm, Node's permission model, user/PID and network namespaces, a private
root, and the memory watch. The
strongest isolation ("jail") needs Linux with unprivileged user namespaces and util-linux's
unshare; elsewhere codemode runs with fewer layers and says so.

Exit 0 when every layer holds, 1 when some do not, 2 when the sandbox cannot start.

Options:
      --json          Print the report as JSON
  -h, --help          Show this help
`;

export const DIFF_HELP = `Usage: codemode diff [options] [BEFORE.json AFTER.json]

Classifies the API changes between the live servers and the committed snapshots (or between
two snapshot files): major (removed tools, new required inputs, narrowed or removed inputs,
changed outputs), minor (additions, widened inputs), patch (documentation). Exits 1 when any
change is major, so CI can gate on it.

Options:
  -c, --config FILE   Config file
      --from FILE     Also take the servers of another MCP client's config (repeatable)
  -o, --out DIR       Folder of the committed packages
  -s, --server NAME   Only this server (repeatable)
  -h, --help          Show this help
`;

export const INIT_HELP = `Usage: codemode init [options]

Finds the MCP client configs in this folder (.mcp.json, .cursor/mcp.json, .vscode/mcp.json,
.windsurf/mcp_config.json, mcp.json), shows them, and writes codemode.config.ts (.mts in a
project whose package.json is not "type": "module") importing their servers, plus a
.gitattributes line marking the output as generated. On a terminal it asks; otherwise it takes
the flags. It never overwrites a config without --force.

Options:
      --from FILE     Import this file instead of what was found (repeatable)
  -o, --out DIR       Output folder (default: generated)
      --force         Overwrite an existing codemode.config.ts or .mts
  -y, --yes           Do not ask; take the defaults and flags
  -h, --help          Show this help
`;

export const AUTH_HELP = `Usage: codemode auth [NAME] [options]

Signs codemode in to the remote server NAME with OAuth: prints the sign-in link and opens it in
your browser, then receives the answer on http://127.0.0.1 (a free port, or oauth.callbackPort).
codemode registers itself with the authorization server unless the server's config names an
oauth.clientId. Tokens are cached outside the project, readable by you only:
  $CODEMODE_AUTH_DIR, else $XDG_CACHE_HOME/codemode/auth, else ~/.cache/codemode/auth
generate, run and watch use them and refresh them silently; when a refresh is refused (revoked),
they stop with a message to sign in again. A server whose config sends an Authorization header
keeps using that header.

Without NAME, lists the remote servers and whether each is signed in.

Options:
  -c, --config FILE     Config file
      --from FILE       Also take the servers of another MCP client's config (repeatable)
      --no-browser      Only print the link (the browser may be on another machine)
      --logout          Revoke NAME's tokens at the server, when it allows, and delete them
      --timeout MS      How long to wait for the browser (default 300000: 5 minutes)
  -h, --help            Show this help

The browser is the one in $BROWSER when set (a command; the link is appended), else the system's.
`;
