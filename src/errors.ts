/** What went wrong, as a stable code that tools and tests can match on. */
export type CodemodeErrorCode =
  | "CONFIG_NOT_FOUND"
  | "CONFIG_INVALID"
  | "ENV_MISSING"
  | "CONNECT_FAILED"
  | "TIMEOUT"
  | "AUTH_REQUIRED"
  | "AUTH_FAILED"
  | "PROTOCOL"
  | "SNAPSHOT_INVALID"
  | "SNAPSHOT_MISSING"
  | "SCHEMA_INVALID"
  | "COMPILE_FAILED"
  | "WRITE_FAILED"
  | "USAGE";

/** Where an error happened: the server, the tool, and a JSON pointer into its schema. */
export interface ErrorLocation {
  file?: string;
  server?: string;
  tool?: string;
  pointer?: string;
}

/**
 * A user-facing failure. The CLI prints `message` (and `hint`) on one line without a stack;
 * anything that is not a `CodemodeError` is a bug and gets its stack printed.
 */
export class CodemodeError extends Error {
  readonly code: CodemodeErrorCode;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;
  /** Several problems reported together (config validation, per-server failures). */
  readonly problems: readonly string[];

  constructor(
    code: CodemodeErrorCode,
    message: string,
    options: { hint?: string; location?: ErrorLocation; problems?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodemodeError";
    this.code = code;
    this.hint = options.hint;
    this.location = options.location ?? {};
    this.problems = options.problems ?? [];
  }
}

/** Prefix naming where a problem is: `server "x", tool "y", at /properties/z`. */
export function describeLocation(location: ErrorLocation): string {
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.server) parts.push(`server "${location.server}"`);
  if (location.tool) parts.push(`tool "${location.tool}"`);
  if (location.pointer !== undefined) parts.push(`at ${location.pointer || "/"}`);
  return parts.join(", ");
}

/** The message of anything thrown, without assuming it is an Error. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
