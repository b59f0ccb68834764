#!/usr/bin/env node
import { runCli } from "../dist/cli/main.js";
import { processIo } from "../dist/cli/io.js";

const io = processIo();
process.exitCode = await runCli(process.argv.slice(2), io);
io.close?.();
