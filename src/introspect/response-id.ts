/**
 * Finds the `id` of a JSON-RPC response in text too large to parse, fed in pieces: one pass,
 * a few fields of state, nothing of the text kept but short keys and the id itself. A server
 * that answers one request with more than the host takes (an answer agent code can make as
 * large as it likes) then fails that request alone, not the connection every run shares.
 *
 * Only the top-level object's members count: an `"id"` inside `result` is not the message's.
 * A message with a top-level `method` is a request or notification from the server, whose id
 * (if any) is not one of the client's: it has no {@link ResponseIdScanner.id}.
 */
export class ResponseIdScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1: whether the next string is a member's key. */
  private expectKey = false;
  /** The raw text of the key or value being read at depth 1, when it is short enough to matter. */
  private token: string | undefined;
  private tokenIsKey = false;
  /** The last key read at depth 1, decoded. */
  private key: string | undefined;
  /** Whether the value being read at depth 1 is the `id`'s. */
  private inId = false;
  private rawId: string | undefined;
  private sawMethod = false;

  /** Reads the next piece of the message's text. */
  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      if (this.inString && this.token === undefined && !this.escaped) {
        // Inside a string nobody reads (a huge answer is mostly one): on to its next quote or
        // backslash at once, in native code, rather than a character at a time.
        STRING_STOP.lastIndex = i;
        if (!STRING_STOP.test(text)) return;
        i = STRING_STOP.lastIndex - 1;
      }
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.token !== undefined) this.grow(text[i]!);
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.depth === 1) this.endString();
        }
        continue;
      }
      if (c === 34) {
        this.inString = true;
        // Keys, and the id's value, are read; other strings at depth 1 (a huge `result` text) are only skipped.
        const read = this.depth === 1 && (this.expectKey || this.inId);
        this.tokenIsKey = this.expectKey;
        this.token = read ? '"' : undefined;
      } else if (c === 123 || c === 91) {
        this.depth++;
        if (this.depth === 1) this.expectKey = c === 123;
        else this.endValue();
      } else if (c === 125 || c === 93) {
        if (this.depth === 1) this.endValue();
        this.depth--;
      } else if (this.depth === 1) {
        if (c === 58) {
          // `:`; a repeated `id` key replaces the first, as in JSON.parse
          this.inId = this.key === "id";
          if (this.inId) this.rawId = undefined;
        } else if (c === 44) {
          // `,`
          this.endValue();
          this.expectKey = true;
        } else if (this.inId && c > 32 && (this.rawId?.length ?? 0) <= MAX_TOKEN) this.rawId = (this.rawId ?? "") + text[i];
      }
    }
  }

  /** The response's id, once read; undefined for a request or notification, or when none was found. */
  get id(): string | number | undefined {
    if (this.sawMethod || this.rawId === undefined || this.rawId.length > MAX_TOKEN) return undefined;
    try {
      const id = JSON.parse(this.rawId) as unknown;
      return typeof id === "string" || (typeof id === "number" && Number.isFinite(id)) ? id : undefined;
    } catch {
      return undefined;
    }
  }

  private grow(char: string): void {
    this.token += char;
    if (this.token!.length > MAX_TOKEN) this.token = undefined;
  }

  private endString(): void {
    const raw = this.token;
    this.token = undefined;
    if (this.tokenIsKey) {
      this.expectKey = false;
      this.key = raw === undefined ? undefined : decode(raw);
      if (this.key === "method") this.sawMethod = true;
    } else if (this.inId && raw !== undefined) this.rawId = raw;
  }

  /** A value at depth 1 ended (or a nested one began: the id is never an object). */
  private endValue(): void {
    this.inId = false;
  }
}

/** Keys and ids longer than this are not `id`, `method`, nor an id a client made. */
const MAX_TOKEN = 256;
/** Where a string's text stops being plain: its closing quote, or an escape. */
const STRING_STOP = /["\\]/g;

function decode(raw: string): string | undefined {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}
