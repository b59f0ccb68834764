import type { Stream } from "node:stream";

/**
 * Keeps the last lines a child wrote to stderr, to show when it fails. Only whole lines are
 * shown: a line cut at its start could end in part of a secret the redaction of agent-facing
 * messages no longer recognises (`config/secrets.ts`), and a server that logs what agent code
 * sends would let that code choose where the cut falls.
 */
export class StderrTail {
  private text = "";
  /** Whether the buffer lost text at its start: its first line is then a part of one. */
  private cut = false;
  constructor(private readonly maxChars = 2000) {}

  attach(stream: Stream | null): void {
    stream?.on("data", (chunk: Buffer | string) => {
      const text = this.text + chunk.toString();
      this.cut ||= text.length > this.maxChars * 2;
      this.text = text.slice(-this.maxChars * 2);
    });
  }

  /** The last whole lines, at most `count` and `maxChars`, indented for an error message; empty when nothing was written. */
  lines(count = 10): string {
    const all = this.text.trimEnd().split("\n");
    const partial = this.cut ? all.shift() : undefined;
    const kept: string[] = [];
    let size = 0;
    for (const line of all.slice(-count).reverse()) {
      if (size + line.length + 1 > this.maxChars) break;
      kept.push(line);
      size += line.length + 1;
    }
    if (kept.length === 0 && (all.length > 0 || partial !== undefined)) kept.push(`(a line of over ${this.maxChars} characters, not shown)`);
    const text = kept.reverse().join("\n").trim();
    return text ? text.split("\n").map((line) => `    ${line}`).join("\n") : "";
  }
}
