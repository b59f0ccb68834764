#!/usr/bin/env node
// A checked `run` waits on the type checker, which loads TypeScript in a thread of its own: that
// thread starts first, before the CLI is loaded (a module with nothing but Node's built-ins).
const skip = ["--no-typecheck", "--help", "-h"];
if (process.argv[2] === "run" && !process.argv.some((arg) => skip.includes(arg))) {
  (await import("../dist/typecheck/client.js")).prestartTypeChecker();
}
const { runCli } = await import("../dist/cli/main.js");
const { processIo } = await import("../dist/cli/io.js");

const io = processIo();
process.exitCode = await runCli(process.argv.slice(2), io);
io.close?.();
