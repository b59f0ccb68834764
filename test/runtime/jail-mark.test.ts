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
const dist = (file: string) => JSON.stringify(pathToFileURL(path.resolve("dist/runtime", file)).href);
/** The mark of the sandbox these tests start (from `src/`: a build's mark is named by its own files). */
const mark = jailMark(sandboxEntry());

/** How many processes `isolationLevel()` spawns in a new Node process of the build, the level it finds, and its mark. */
function probeInNewProcess(): { spawned: number; level: string; mark: string } {
  const script = `
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
let spawned = 0;
const spawn = childProcess.spawn;
childProcess.spawn = (...args) => (spawned++, spawn(...args));
syncBuiltinESMExports();
const { isolationLevel, sandboxEntry } = await import(${dist("isolation.js")});
const { jailMark } = await import(${dist("jail-mark.js")});
const level = await isolationLevel({});
console.log(JSON.stringify({ spawned, level, mark: jailMark(sandboxEntry()) }));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: {} });
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as { spawned: number; level: string; mark: string };
}

describe("the jail's mark", () => {
  it("is named by the boot, the Node, the sandbox's entry and codemode's jail, in the cache folder it is given", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "codemode-mark-"));
    try {
      const [a, b] = ["a.js", "b.js"].map((name) => path.join(dir, name));
      writeFileSync(a!, "1");
      writeFileSync(b!, "1");
      const file = jailMark(a!, dir);
      expect(file && path.dirname(file)).toBe(dir);
      expect(jailMark(a!, dir)).toBe(file);
      expect(jailMark(b!, dir)).not.toBe(file);
      // Another build of the sandbox: its jail is probed anew.
      writeFileSync(a!, "22");
      expect(jailMark(a!, dir)).not.toBe(file);
      expect(jailMark(path.join(dir, "missing.js"), dir)).toBeUndefined();
      rememberJail(file!);
      expect(existsSync(file!)).toBe(true);
      forgetJail(file);
      expect(existsSync(file!)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("made, removes the marks of earlier boots, not this boot's others", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "codemode-mark-"));
    try {
      const entry = path.join(dir, "entry.js");
      writeFileSync(entry, "1");
      const file = jailMark(entry, dir)!;
      const thisBoot = path.basename(file).split("-").slice(0, 2).join("-");
      const otherBuild = path.join(dir, `${thisBoot}-0123456789abcdef`);
      const earlierBoot = path.join(dir, "jail-0123456789abcdef-0123456789abcdef");
      const notAMark = path.join(dir, "checker-0123456789abcdef.blob");
      for (const other of [otherBuild, earlierBoot, notAMark]) writeFileSync(other, "");
      rememberJail(file);
      expect([file, otherBuild, earlierBoot, notAMark].map((other) => existsSync(other))).toEqual([true, true, false, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!jail || !mark)("spares a new process the probe once a jail started, and is made by the probe that found it", () => {
    forgetJail(probeInNewProcess().mark);
    const probed = probeInNewProcess();
    expect(probed).toMatchObject({ level: "jail" });
    expect(probed.spawned).toBeGreaterThan(0);
    expect(existsSync(probed.mark)).toBe(true);
    expect(probeInNewProcess()).toEqual({ spawned: 0, level: "jail", mark: probed.mark });
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
