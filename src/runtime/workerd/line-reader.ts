/** Thrown by {@link LineReader} for a line over its cap or one that is not JSON. */
export class LineError extends Error {}

/**
 * Splits the runner's stream into JSON lines, refusing a line longer than `maxBytes` as soon as
 * that many bytes arrived without a newline: what workerd sends is held to the same cap as a
 * Node sandbox's frames.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): unknown[] {
    const lines: unknown[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      this.check(this.buffered + piece.length);
      const line = this.chunks.length === 0 ? piece : Buffer.concat([...this.chunks, piece]);
      this.chunks = [];
      this.buffered = 0;
      lines.push(this.parse(line));
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      this.check(this.buffered + rest.length);
      this.chunks.push(rest);
      this.buffered += rest.length;
    }
    return lines;
  }

  private check(length: number): void {
    if (length > this.maxBytes) throw new LineError(`a line of more than ${this.maxBytes} bytes`);
  }

  private parse(line: Uint8Array): unknown {
    try {
      return JSON.parse(this.decoder.decode(line));
    } catch {
      throw new LineError("a line that is not UTF-8 JSON");
    }
  }
}
