import { openBrowser } from "../auth/browser.js";
import { signIn } from "../auth/sign-in.js";
import { signOut } from "../auth/sign-out.js";
import { authStatus, type AuthStatus } from "../auth/status.js";
import { CodemodeError } from "../errors.js";
import { positive } from "./flags.js";
import type { CliIo } from "./io.js";
import { configFor, type AuthFlags, type ExitCode } from "./options.js";

/** `codemode auth [NAME]`: sign in to a remote server, sign out, or show who is signed in. */
export async function runAuth(flags: AuthFlags, name: string | undefined, io: CliIo): Promise<ExitCode> {
  const config = await configFor(flags, io);
  if (name === undefined) {
    if (flags.logout) throw new CodemodeError("USAGE", "--logout needs the server's name", { hint: "codemode auth NAME --logout" });
    printStatus(authStatus(config, io.env), io);
    return 0;
  }
  if (flags.logout) {
    const result = await signOut(config, name, io.env);
    if (result.problem) io.stderr(`warning: ${result.problem}\n`);
    io.stderr(result.removed ? `Signed out of ${name}: removed ${result.file}${result.revoked ? " and revoked its tokens" : ""}\n` : `${name} was not signed in\n`);
    return 0;
  }
  const controller = new AbortController();
  io.onInterrupt?.(() => controller.abort());
  const result = await signIn(config, {
    server: name,
    env: io.env,
    signal: controller.signal,
    ...(flags.timeout ? { timeoutMs: positive(flags.timeout, "--timeout") } : {}),
    onAuthorizationUrl: async (url, redirectUrl) => {
      io.stderr(`Sign in to ${name} in your browser:\n\n  ${url.href}\n\n`);
      const open = !flags["no-browser"] && (Boolean(io.env.BROWSER) || io.interactive);
      if (open && !(await openBrowser(url.href, io.env))) io.stderr("(could not open a browser: open the link above)\n");
      io.stderr(`Waiting for the sign-in to come back to ${redirectUrl} … (Ctrl-C to stop)\n`);
    },
  });
  io.stderr(`Signed in to ${name}: ${result.tools} tool${result.tools === 1 ? "" : "s"} listed.\n`);
  io.stderr(`Tokens are cached in ${result.file} (readable by you only); generate and run refresh them.\n`);
  return 0;
}

function printStatus(statuses: AuthStatus[], io: CliIo): void {
  if (statuses.length === 0) {
    io.stdout("no remote servers in the config\n");
    return;
  }
  const width = Math.max(...statuses.map((status) => status.server.length));
  for (const status of statuses) io.stdout(`${status.server.padEnd(width)}  ${describe(status)}\n`);
}

function describe(status: AuthStatus): string {
  switch (status.state) {
    case "header":
      return "uses the Authorization header from the config";
    case "unknown-url":
      return `URL needs an unset variable: ${status.url}`;
    case "signed-out":
      return `not signed in (codemode auth ${status.server})`;
    case "signed-in": {
      const left = status.expiresAt === undefined ? "" : status.expiresAt > Date.now() ? `, token valid ${minutes(status.expiresAt - Date.now())}` : ", token expired";
      return `signed in${left}${status.refreshable ? ", refreshes itself" : ", sign in again when it expires"}`;
    }
  }
}

const minutes = (ms: number) => (ms >= 7_200_000 ? `${Math.floor(ms / 3_600_000)} h more` : `${Math.ceil(ms / 60_000)} min more`);
