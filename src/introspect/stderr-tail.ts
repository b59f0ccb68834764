import type { Stream } from "node:stream";

/** Keeps the last lines a child wrote to stderr, to show when it fails. */
export class StderrTail {
  private text = "";
  constructor(private readonly maxChars = 2000) {}

  attach(stream: Stream | null): void {
    stream?.on("data", (chunk: Buffer | string) => {
      this.text = (this.text + chunk.toString()).slice(-this.maxChars * 2);
    });
  }

  /** The last lines, indented for an error message; empty when nothing was written. */
  lines(count = 10): string {
    const lines = this.text.trimEnd().split("\n").slice(-count);
    const text = lines.join("\n").slice(-this.maxChars).trim();
    return text ? text.split("\n").map((line) => `    ${line}`).join("\n") : "";
  }
}
