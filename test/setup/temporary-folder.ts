import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One temporary folder for the whole test run, removed at its end whatever the tests did: they
 * make their projects, agents and sockets under `os.tmpdir()` (about 150 folders a run), and not
 * each removes its own, least of all when it fails. The test processes are forked after this
 * runs, so they inherit it.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(path.join(os.tmpdir(), "codemode-tests-"));
  process.env.TMPDIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
