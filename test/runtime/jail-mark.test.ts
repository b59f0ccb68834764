import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { isolationLevel, sandboxEntry } from "../../src/runtime/isolation.js";
import { forgetJail, jailMark, rememberJail } from "../../src/runtime/jail-mark.js";
import { SandboxProcess } from "../../src/runtime/sandbox-process.js";

/**
 * The mark that lets a process skip the isolation probe (see `jail-mark.ts`): it names this boot's
 * jail only, it spares the probe's processes, and a jail sandbox that dies before it comes up
 * removes it, so a jail refused since is probed again rather than trusted.
 */
const jail = (await isolationLevel({}, { fresh: true })) === "jail";
const isolation = pathToFileURL(path.resolve("dist/runtime/isolation.js")).href;
const mark = jailMark(sandboxEntry());

/** How many processes `isolationLevel()` spawns in a new Node process, and the level it finds. */
function probeInNewProcess(): { spawned: number; level: string } {
  const script = `
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
let spawned = 0;
const spawn = childProcess.spawn;
childProcess.spawn = (...args) => (spawned++, spawn(...args));
syncBuiltinESMExports();
const { isolationLevel } = await import(${JSON.stringify(isolation)});
const level = await isolationLevel({});
console.log(JSON.stringify({ spawned, level }));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: {} });
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as { spawned: number; level: string };
}

describe("the jail's mark", () => {
  it("is named by the boot, the Node and the sandbox's entry, in the cache folder it is given", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "codemode-mark-"));
    try {
      const file = jailMark("/a/dist/runtime/sandbox/main.js", dir);
      expect(file && path.dirname(file)).toBe(dir);
      expect(jailMark("/b/dist/runtime/sandbox/main.js", dir)).not.toBe(file);
      rememberJail(file!);
      expect(existsSync(file!)).toBe(true);
      forgetJail(file);
      expect(existsSync(file!)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!jail || !mark)("spares a new process the probe once a jail started, and is made by the probe that found it", () => {
    forgetJail(mark);
    const probed = probeInNewProcess();
    expect(probed).toMatchObject({ level: "jail" });
    expect(probed.spawned).toBeGreaterThan(0);
    expect(existsSync(mark!)).toBe(true);
    expect(probeInNewProcess()).toEqual({ spawned: 0, level: "jail" });
  });

  it.skipIf(!jail || !mark)("is removed when a jail sandbox dies before it comes up, not when its host kills it", async () => {
    writeFileSync(mark!, "");
    const killed = new SandboxProcess("jail", 64, new Promise<string[]>(() => {}), 2 ** 20);
    killed.kill();
    expect(await killed.ready).toBe(false);
    expect(existsSync(mark!)).toBe(true);
    // A shim that throws ends the sandbox before it says it is ready, as a jail refused would.
    const died = new SandboxProcess("jail", 64, ["throw 1"], 2 ** 20);
    expect(await died.ready).toBe(false);
    expect(existsSync(mark!)).toBe(false);
    rememberJail(mark!);
  });
});
