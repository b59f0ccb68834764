import { spawn } from "node:child_process";
import { existsSync, lstatSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diesWithHost, findTool } from "../util/system-tool.js";
import { jailMark, rememberJail } from "./jail-mark.js";

/**
 * How the sandbox process is walled off from the machine, strongest first:
 * - `jail`: new user, mount, network, PID and IPC namespaces, and a root of its own that holds
 *   only the system's read-only `/usr` and `/lib*` and codemode's own package (so no file,
 *   socket or process of the host is there to find);
 * - `namespaces`: the same namespaces without the private root (the mount namespace was refused);
 * - `process`: a plain child process (no namespaces: not Linux, or the kernel refused them).
 * Every level adds Node's permission model, no code generation from strings, an empty
 * environment and a stripped realm.
 */
export type IsolationLevel = "jail" | "namespaces" | "process";
export const ISOLATION_LEVELS: readonly IsolationLevel[] = ["jail", "namespaces", "process"];

/** The sandbox entry, beside this module in `dist/`, or in `dist/` when running from `src/`. */
export function sandboxEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const dist = here.endsWith(".js") ? path.dirname(path.dirname(here)) : path.resolve(path.dirname(here), "../../dist");
  return path.join(dist, "runtime", "sandbox", "main.js");
}

/** The package's root (holding `dist/`): the only folder of the host the jail shows. */
const packageRoot = (entry: string) => path.resolve(path.dirname(entry), "../../..");

/**
 * Run by `sh` inside the new namespaces: a tmpfs root on the sandbox folder's own path (a
 * mount point that always exists and is not an ancestor of the package), the system's library
 * folders read-only (bound, or copied as the symlinks they are), the package read-only, a
 * `/proc` of the new PID namespace, then `chroot` into it with an empty environment. Few
 * processes, since each costs milliseconds of every sandbox's start. Exits 97 naming the step
 * that failed.
 */
const JAIL_SCRIPT = String.raw`
fail() { echo "codemode-jail: $1" >&2; exit 97; }
R="$1"; PKG="$2"; CHROOT="$3"; ENV="$4"; BINDS="$5"; LINKS="$6"; shift 6
IFS='
'
mount -t tmpfs -o mode=0755 codemode "$R" || fail "mount tmpfs"
mkdir -p $(for d in $BINDS; do echo "$R$d"; done) "$R$PKG" "$R/proc" || fail "mkdir"
if [ -n "$LINKS" ]; then cp -P $LINKS "$R/" || fail "copy links"; fi
for d in $BINDS; do mount --rbind -o ro "$d" "$R$d" || fail "bind $d"; done
mount --bind -o ro "$PKG" "$R$PKG" || fail "bind package"
mount -t proc proc "$R/proc" || fail "mount proc"
cd "$R" || fail "cd"
exec "$ENV" -i "$CHROOT" "$R" "$@"
`;

let folders: { binds: string[]; links: string[] } | undefined;
/** The system folders Node needs (read once per process), split into real folders (bound) and top-level symlinks (copied). */
function systemFolders(): { binds: string[]; links: string[] } {
  return (folders ??= readSystemFolders());
}

function readSystemFolders(): { binds: string[]; links: string[] } {
  const binds: string[] = [];
  const links: string[] = [];
  for (const dir of ["/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"]) {
    try {
      (lstatSync(dir).isSymbolicLink() ? links : binds).push(dir);
    } catch {
      // not on this system
    }
  }
  // Node installed outside them (nvm, a tarball): its own prefix too.
  const prefix = path.dirname(path.dirname(process.execPath));
  if (!binds.some((dir) => prefix === dir || prefix.startsWith(`${dir}/`))) binds.push(prefix);
  return { binds, links };
}

/** The command that starts `node nodeArgs…` at an isolation level. */
export function launchCommand(level: IsolationLevel, nodeArgs: string[]): { command: string; args: string[] } {
  const node = process.execPath;
  let command = [node, ...nodeArgs];
  if (level !== "process") {
    const namespaces = [findTool("unshare")!, "--user", "--map-root-user", "--net", "--pid", "--ipc", "--fork", "--kill-child"];
    if (level === "namespaces") command = [...namespaces, ...command];
    else {
      const entry = sandboxEntry();
      const { binds, links } = systemFolders();
      const jail = [path.dirname(entry), packageRoot(entry), findTool("chroot")!, findTool("env")!, binds.join("\n"), links.join("\n")];
      command = [...namespaces, "--mount", findTool("sh")!, "-c", JAIL_SCRIPT, "codemode-jail", ...jail, ...command];
    }
  }
  // Killed with the host, even one that dies without cleaning up (else a sandbox looping forever outlives it).
  command = diesWithHost(command) ?? command;
  return { command: command[0]!, args: command.slice(1) };
}

/**
 * Node's flags for the sandbox: permission model reading only codemode's `dist/` (and the
 * entry's own folder, for the simulated-escape test's entry), no code from strings, no
 * WebAssembly, frozen intrinsics in its own realm. Baseline code for every function at its first
 * call: a sandbox lives for one run, too short for V8 to tier up on its own (about 12% less
 * per tool call in `bench:runtime`).
 */
export function sandboxNodeArgs(memoryMb: number, entry = sandboxEntry()): string[] {
  const reads = [...new Set([path.resolve(sandboxEntry(), "../../.."), path.dirname(entry)])];
  return [
    "--no-warnings",
    "--expose-internals",
    "--disallow-code-generation-from-strings",
    "--no-expose-wasm",
    "--frozen-intrinsics",
    "--always-sparkplug",
    "--experimental-permission",
    ...reads.map((dir) => `--allow-fs-read=${dir}/*`),
    `--max-old-space-size=${memoryMb}`,
    entry,
  ];
}

let probed: Promise<IsolationLevel> | undefined;

/**
 * The strongest level this machine allows, found once per process by starting `true` at each
 * level (the namespaces, mounts and chroot are what can be refused; Node itself starts the same
 * way at every level), or by the mark a process left when the jail started since the machine
 * booted (see `jail-mark.ts`); `fresh` ignores the mark. `CODEMODE_ISOLATION` forces a level
 * (tests, or a machine known to refuse).
 */
export function isolationLevel(env: NodeJS.ProcessEnv = process.env, options: { fresh?: boolean } = {}): Promise<IsolationLevel> {
  const forced = env.CODEMODE_ISOLATION as IsolationLevel | undefined;
  if (forced && ISOLATION_LEVELS.includes(forced)) return Promise.resolve(forced);
  if (options.fresh) return probe(false);
  probed ??= probe(true);
  return probed;
}

async function probe(trustMark: boolean): Promise<IsolationLevel> {
  const tools = ["unshare", "sh", "chroot", "env", "true", "mount", "mkdir", "cp"].map(findTool);
  if (process.platform !== "linux" || tools.includes(undefined) || !existsSync(sandboxEntry())) return "process";
  const mark = jailMark(sandboxEntry());
  if (trustMark && mark && existsSync(mark)) return "jail";
  if (await starts("jail")) {
    if (mark) rememberJail(mark);
    return "jail";
  }
  return (await starts("namespaces")) ? "namespaces" : "process";
}

function starts(level: IsolationLevel): Promise<boolean> {
  const { command, args } = launchCommand(level, []);
  const truePath = findTool("true")!;
  // launchCommand ends with `node …`: probe with `true` in its place.
  const probe = args.map((arg) => (arg === process.execPath ? truePath : arg));
  return new Promise((resolve) => {
    const child = spawn(command, probe, { stdio: "ignore", env: {} });
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("error", () => resolve(false));
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
