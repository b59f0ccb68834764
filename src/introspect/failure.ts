import { CodemodeError, messageOf, type CodemodeErrorCode } from "../errors.js";
import type { LiveServer, OpenedTransport } from "./transport.js";

interface Failure {
  server: LiveServer;
  opened: OpenedTransport;
  error: unknown;
  /** What the transport reported on the side, e.g. stdout lines that are not JSON-RPC. */
  transportErrors: unknown[];
  timedOut: boolean;
}

/**
 * One clear error for a server that could not be introspected: what happened, where, and the
 * tail of its stderr, with a hint at the likely fix.
 */
export function describeFailure(failure: Failure): CodemodeError {
  if (failure.error instanceof CodemodeError && failure.error.code !== "PROTOCOL") return failure.error;
  const { server, opened } = failure;
  const { code, reason, hint } = classify(failure);
  const stderr = opened.stderr?.lines() ?? "";
  const message = `server "${server.name}" (${opened.target}): ${reason}${stderr ? `\n  its stderr ended with:\n${stderr}` : ""}`;
  return new CodemodeError(code, message, { location: { server: server.name }, cause: failure.error, ...(hint ? { hint } : {}) });
}

function classify(failure: Failure): { code: CodemodeErrorCode; reason: string; hint?: string } {
  const { error, server, transportErrors } = failure;
  const status = httpStatus(error);
  const garbage = transportErrors.map(messageOf).find((text) => /JSON|Unexpected token|parse/i.test(text));
  if (failure.timedOut) {
    return {
      code: "TIMEOUT",
      reason: `no answer within ${server.timeoutMs / 1000} s${garbage ? `; it wrote output that is not JSON-RPC (${garbage})` : ""}`,
      hint: garbage ? "a stdio server must write only JSON-RPC to stdout; log to stderr" : "raise timeoutMs for this server, or check that it starts",
    };
  }
  if (status !== undefined) {
    const hints: Record<number, string> = {
      401: "the server wants credentials: set headers (e.g. Authorization: \"Bearer ${TOKEN}\")",
      403: "the credentials were refused",
      404: "check the URL: it should be the server's MCP endpoint",
    };
    return { code: "CONNECT_FAILED", reason: `HTTP ${status} from ${failure.opened.target}`, hint: hints[status] ?? "the server failed; see its logs" };
  }
  const text = messageOf(error);
  const errno = (error as NodeJS.ErrnoException | undefined)?.code ?? (causeOf(error) as NodeJS.ErrnoException | undefined)?.code;
  if (errno === "ENOENT") return { code: "CONNECT_FAILED", reason: `command not found: ${failure.opened.target.split(" ")[0]}` };
  if (errno === "ECONNREFUSED") return { code: "CONNECT_FAILED", reason: `connection refused at ${failure.opened.target}` };
  if (/closed/i.test(text)) {
    return {
      code: "CONNECT_FAILED",
      reason: `the server closed the connection (${text})${garbage ? `; it wrote output that is not JSON-RPC (${garbage})` : ""}`,
      hint: "run the command by hand to see why it exits",
    };
  }
  return { code: error instanceof CodemodeError ? error.code : "CONNECT_FAILED", reason: text };
}

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
