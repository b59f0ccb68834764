/** What the CLI needs from the process, passed in so tests run it without spawning. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal: progress and summaries show only there. */
  interactive: boolean;
  /** All of standard input, for `codemode run -`. */
  stdin: () => Promise<string>;
  /** Asks a question and reads one answer: only when a person is at a terminal. */
  ask?: (question: string) => Promise<string>;
  /** Releases stdin once the command is done. */
  close?: () => void;
  /** Calls back once on Ctrl-C, for commands that run until stopped (`generate --watch`). */
  onInterrupt?: (handler: () => void) => void;
}

/** The process's own IO: what `bin/codemode.js` passes. */
export function processIo(): CliIo {
  const terminal = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI;
  return {
    ...(terminal ? asker() : {}),
    onInterrupt: (handler) => void process.once("SIGINT", handler),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/**
 * Questions on stderr, answers from one reader of stdin for the whole run, so lines typed (or
 * piped) ahead of a question are kept for it. End of input answers with the default ("").
 */
function asker(): { ask: (question: string) => Promise<string>; close: () => void } {
  let lines: AsyncIterator<string> | undefined;
  let reader: import("node:readline").Interface | undefined;
  return {
    async ask(question) {
      if (!reader) {
        const { createInterface } = await import("node:readline");
        reader = createInterface({ input: process.stdin, terminal: false });
        lines = reader[Symbol.asyncIterator]();
      }
      process.stderr.write(question);
      const next = await lines!.next();
      return next.done ? "" : next.value;
    },
    close: () => reader?.close(),
  };
}
