import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One temporary folder for the whole test run, removed at its end: tests make their projects,
 * agents and sockets under `os.tmpdir()` (about 150 folders a run), and a test that fails or is
 * killed leaves them behind. The test processes are forked after this runs, so they inherit it.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(path.join(os.tmpdir(), "codemode-tests-"));
  process.env.TMPDIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
