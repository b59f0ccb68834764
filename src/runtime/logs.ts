import { LOG_LEVELS, type LogLevel } from "./wire.js";

export interface LogEntry {
  level: LogLevel;
  text: string;
}

const MARKER = "… [log truncated]";
/** What one entry costs beyond its text: else a flood of empty lines (0 bytes each) passes any budget. */
export const LOG_ENTRY_BYTES = 16;

/** A run's console output, kept up to a budget of UTF-8 bytes (and a few per entry) counted here on the host; the rest is dropped with one marker. */
export class LogSink {
  readonly entries: LogEntry[] = [];
  private used = 0;
  private full = false;

  constructor(private readonly maxBytes: number) {}

  add(level: string, text: string): void {
    if (this.full) return;
    const kept: LogLevel = LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : "log";
    const size = Buffer.byteLength(text, "utf8") + LOG_ENTRY_BYTES;
    if (this.used + size <= this.maxBytes) {
      this.used += size;
      this.entries.push({ level: kept, text });
      return;
    }
    this.full = true;
    const body = text.endsWith(MARKER) ? text.slice(0, -MARKER.length) : text;
    const room = Math.max(0, this.maxBytes - this.used);
    const head = Buffer.from(body, "utf8").subarray(0, room).toString("utf8").replace(/\uFFFD$/, "");
    this.entries.push({ level: kept, text: `${head}${MARKER}` });
  }
}
