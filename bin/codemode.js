#!/usr/bin/env node
// A run waits on its sandbox process and, when checked, on the type checker, which loads
// TypeScript: both start first, before the CLI is loaded (modules with nothing but Node's
// built-ins), so that they start while it loads. A config that names another executor, or a
// failed start, stops the sandbox unused.
const args = process.argv.slice(2);
if (args[0] === "run" && !args.includes("--help") && !args.includes("-h")) {
  if (!args.includes("--no-typecheck")) (await import("../dist/typecheck/client.js")).prestartTypeChecker();
  if ((executorFlag(args) ?? "node") === "node") (await import("../dist/runtime/early-sandboxes.js")).prestartSandboxes();
}
const { runCli } = await import("../dist/cli/main.js");
const { processIo } = await import("../dist/cli/io.js");

const io = processIo();
process.exitCode = await runCli(args, io);
io.close?.();

/** The value of `--executor`, in either of its forms, if given. */
function executorFlag(list) {
  const at = list.indexOf("--executor");
  if (at >= 0) return list[at + 1];
  return list.find((arg) => arg.startsWith("--executor="))?.slice("--executor=".length);
}
