#!/usr/bin/env node
// A checked run waits longest on the type checker, which loads TypeScript; an unchecked one on
// its sandbox process. That one starts first, before the CLI is loaded (modules with nothing but
// Node's built-ins), so that it starts while the CLI loads. Not both: on two cores, a sandbox
// starting beside the checker and the CLI slowed the checked run (586 ms against 547, medians
// of 20 pairs); it starts with the runtime then, in time. A config that names another
// executor, or a failed start, stops a prestarted sandbox unused.
//
// An offline generate that compiles (a package without its fingerprint) waits on the compile
// check's process, mostly on its snapshot's deserialisation: that starts here too (regenerating the
// examples, 451 -> 393 ms, medians of 15 pairs), and is stopped as soon as the packages turn out
// all fingerprinted (an unchanged one then pays 20-30 ms, so `--check`, the drift gate, does not
// start it). A live generate waits on its servers long enough for the process to start there.
const args = process.argv.slice(2);
const helping = args.includes("--help") || args.includes("-h");
if (args[0] === "run" && !helping) {
  if (!args.includes("--no-typecheck")) (await import("../dist/typecheck/client.js")).prestartTypeChecker();
  else if ((executorFlag(args) ?? "node") === "node") (await import("../dist/runtime/early-sandboxes.js")).prestartSandboxes();
}
if (args[0] === "generate" && args.includes("--offline") && !args.includes("--check") && !helping) (await import("../dist/compile/background.js")).prestartCompiler();
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
