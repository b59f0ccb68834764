import { CodemodeError, messageOf, type CodemodeErrorCode } from "../errors.js";
import type { LiveServer, OpenedTransport } from "./transport.js";

interface Failure {
  server: LiveServer;
  opened: OpenedTransport;
  error: unknown;
  timedOut: boolean;
}

interface Diagnosis {
  code: CodemodeErrorCode;
  reason: string;
  hint?: string;
}

/**
 * One clear error for a server that could not be introspected: which server, what happened,
 * what it printed, and a hint at the likely fix.
 */
export function describeFailure(failure: Failure): CodemodeError {
  if (failure.error instanceof CodemodeError && failure.error.code !== "PROTOCOL") return failure.error;
  const { server, opened } = failure;
  const { code, reason, hint } = opened.process ? diagnoseProcess(failure) : diagnoseRemote(failure);
  const stderr = opened.process?.stderr.lines() ?? "";
  const where = opened.process ? `server "${server.name}" (${opened.target})` : `server "${server.name}"`;
  const message = `${where}: ${reason}${stderr ? `\n  its stderr ended with:\n${stderr}` : ""}`;
  return new CodemodeError(code, message, { location: { server: server.name }, cause: failure.error, ...(hint ? { hint } : {}) });
}

function diagnoseProcess({ error, server, opened, timedOut }: Failure): Diagnosis {
  const child = opened.process!;
  const garbage = child.garbage.length > 0 ? `; it wrote lines that are not JSON-RPC to stdout: ${child.garbage.map((l) => JSON.stringify(l)).join(", ")}` : "";
  const garbageHint = garbage ? "a stdio server must write only JSON-RPC to stdout; send logs to stderr" : undefined;
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    return { code: "CONNECT_FAILED", reason: `command not found: ${opened.target.split(" ")[0]}`, hint: "check command, or the PATH the server is started with" };
  }
  if (timedOut) {
    return { code: "TIMEOUT", reason: `no answer within ${server.timeoutMs / 1000} s${garbage}`, hint: garbageHint ?? "raise timeoutMs for this server, or check that it starts" };
  }
  if (child.exit || /closed/i.test(messageOf(error))) {
    const exit = child.exit ? `exited with ${child.exit}` : "closed the connection";
    return { code: "CONNECT_FAILED", reason: `the server ${exit} before it answered${garbage}`, hint: garbageHint ?? "run the command by hand to see why it exits" };
  }
  return { code: error instanceof CodemodeError ? error.code : "CONNECT_FAILED", reason: `${messageOf(error)}${garbage}`, ...(garbageHint ? { hint: garbageHint } : {}) };
}

const HTTP_HINTS: Record<number, (server: string) => string> = {
  401: (server) => `the server wants credentials: sign in with codemode auth ${server} (OAuth), or set headers, e.g. Authorization: "Bearer \${TOKEN}"`,
  403: () => "the credentials were refused",
  404: () => "check the URL: it should be the server's MCP endpoint",
};

function diagnoseRemote({ error, server, opened, timedOut }: Failure): Diagnosis {
  if (timedOut) return { code: "TIMEOUT", reason: `no answer from ${opened.target} within ${server.timeoutMs / 1000} s`, hint: "raise timeoutMs for this server" };
  const status = httpStatus(error);
  if (status !== undefined) {
    return { code: "CONNECT_FAILED", reason: `HTTP ${status} from ${opened.target}`, hint: HTTP_HINTS[status]?.(server.name) ?? "the server failed; see its logs" };
  }
  const errno = (causeOf(error) as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === "ECONNREFUSED") return { code: "CONNECT_FAILED", reason: `connection refused at ${opened.target}`, hint: "is the server running?" };
  return { code: "CONNECT_FAILED", reason: `${opened.target}: ${messageOf(error)}` };
}

/** The HTTP status in an SDK error (`data.status`) or its message, searched down the cause chain. */
function httpStatus(error: unknown): number | undefined {
  for (let current: unknown = error; current; current = causeOf(current)) {
    const data = (current as { data?: { status?: unknown } }).data;
    if (typeof data?.status === "number") return data.status;
    const match = /\bHTTP (\d{3})\b|\bstatus(?: code)?:? (\d{3})\b|\((\d{3})\)/i.exec(messageOf(current));
    if (match) return Number(match[1] ?? match[2] ?? match[3]);
  }
  return undefined;
}

function causeOf(error: unknown): unknown {
  return error && typeof error === "object" && "cause" in error ? (error as { cause: unknown }).cause : undefined;
}
