import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { compileCheck } from "../../src/compile/check.js";
import { COMMON_TYPES } from "../../src/emit/common.js";
import { CodemodeError } from "../../src/errors.js";
import { buildCheckerSnapshot } from "../../src/typecheck/snapshot-build.js";
import { diesWithHost } from "../../src/util/system-tool.js";
import { childrenOf, cmdline } from "../helpers/processes.js";

/** The snapshot `background.ts` finds: the real one, none, or a damaged file. */
const found = vi.hoisted(() => ({ snapshot: undefined as string | undefined }));
vi.mock("../../src/typecheck/snapshot-file.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/typecheck/snapshot-file.js")>()),
  existingCheckerSnapshot: () => found.snapshot,
}));

const ns = (body: string) => `${COMMON_TYPES}\ndeclare namespace s {\n${body}\n}\n`;
const TYPINGS = {
  good: ns("  interface A {\n    b: Record<string, Promise<Error[]>>;\n  }\n  function f(input: A): Promise<ToolResult>;"),
  unknownType: ns("  interface A {\n    b: Missing;\n  }"),
  strictOnly: ns("  function f(input): Promise<void>;"),
  commentEndedEarly: ns("  /** Returns a */ glob like *.ts */\n  function f(): Promise<void>;"),
};

/** What `compileCheck` in this thread says of `typings`: its problems, or none. */
function problemsHere(typings: string): readonly string[] {
  try {
    compileCheck(typings);
    return [];
  } catch (error) {
    if (error instanceof CodemodeError) return error.problems;
    throw error;
  }
}

/** What the background compile check says: its problems, or none; it must fail as `compileCheck` does, with COMPILE_FAILED. */
async function problemsInBackground(compileInBackground: (typings: string) => Promise<void>, typings: string): Promise<readonly string[]> {
  try {
    await compileInBackground(typings);
    return [];
  } catch (error) {
    // Not `instanceof`: each test loads `background.ts`, and so `errors.ts`, afresh.
    if ((error as CodemodeError).code === "COMPILE_FAILED") return (error as CodemodeError).problems;
    throw error;
  }
}

/** CPU seconds a process has used (user and system), from /proc: load on the machine does not change it. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const snapshotChildren = () => childrenOf(process.pid).filter((pid) => cmdline(pid).includes("--snapshot-blob"));

/** A process from the snapshot not in `known`, once it shows as one (a child just forked shows its parent's command line until it execs). */
async function newSnapshotChild(known: Set<number>): Promise<number | undefined> {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 10))) {
    const found = snapshotChildren().find((pid) => !known.has(pid));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A fresh `background.ts`, with no compiler started yet (each test's own). */
async function freshBackground() {
  vi.resetModules();
  return import("../../src/compile/background.js");
}

/** Processes started from the snapshot die with their host only where `setpriv` is; elsewhere the check runs in a thread. */
const processes = diesWithHost(["true"]) !== undefined;

describe("generate's compile check, in the background", () => {
  let snapshot = "";
  beforeAll(async () => {
    snapshot = (await buildCheckerSnapshot()) ?? "";
  }, 60_000);
  beforeEach(() => {
    found.snapshot = undefined;
  });

  it.skipIf(!processes)("runs in a process from the type checker's snapshot when there is one, with the verdicts `compileCheck` gives here", async () => {
    expect(snapshot).not.toBe("");
    found.snapshot = snapshot;
    const before = new Set(snapshotChildren());
    const { compileInBackground } = await freshBackground();
    for (const typings of Object.values(TYPINGS)) expect(await problemsInBackground(compileInBackground, typings)).toEqual(problemsHere(typings));
    // Every failing case failed, naming where.
    expect(problemsHere(TYPINGS.unknownType).join("\n")).toMatch(/namespace s, in A .*Cannot find name 'Missing'/s);
    expect(problemsHere(TYPINGS.strictOnly).length).toBeGreaterThan(0);
    expect(problemsHere(TYPINGS.commentEndedEarly).length).toBeGreaterThan(0);
    expect(snapshotChildren().filter((pid) => !before.has(pid))).toHaveLength(1);
  });

  it("runs in a thread where there is no snapshot, with the same verdicts", async () => {
    const before = new Set(snapshotChildren());
    const { compileInBackground } = await freshBackground();
    for (const typings of Object.values(TYPINGS)) expect(await problemsInBackground(compileInBackground, typings)).toEqual(problemsHere(typings));
    expect(snapshotChildren().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it.skipIf(!processes)("gives its verdict from a damaged snapshot too: the check runs in this thread, the snapshot is removed, and the next check runs in a thread", async () => {
    const damaged = path.join(await mkdtemp(path.join(os.tmpdir(), "codemode-compile-snapshot-")), "checker.blob");
    await writeFile(damaged, "not a snapshot");
    found.snapshot = damaged;
    const { compileInBackground } = await freshBackground();
    // Refused: Node exits before answering; `generate` then checks in its own thread (`compileFresh`).
    await expect(compileInBackground(TYPINGS.good)).rejects.toThrow(/the compile check's process ended before it answered/);
    expect(existsSync(damaged)).toBe(false);
    const before = new Set(snapshotChildren());
    expect(await problemsInBackground(compileInBackground, TYPINGS.unknownType)).toEqual(problemsHere(TYPINGS.unknownType));
    expect(snapshotChildren().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it.skipIf(!processes)("a process that dies in the middle of its first compile (out of memory, say) keeps the snapshot: it was not the snapshot's fault", async () => {
    // A copy: this test's process is killed, and a snapshot taken for damaged would be deleted.
    const copy = path.join(await mkdtemp(path.join(os.tmpdir(), "codemode-compile-snapshot-")), "checker.blob");
    await copyFile(snapshot, copy);
    found.snapshot = copy;
    const before = new Set(snapshotChildren());
    const { compileInBackground } = await freshBackground();
    // Typings that take the checker seconds of CPU: started from the snapshot (a fraction of a
    // second of CPU), it is well into them by the time it has used 0.6 s.
    let huge = "";
    for (let i = 0; i < 80_000; i++) huge += `export interface I${i} { a: Record<string, Promise<I${(i + 1) % 80_000}[]>>; b: "x${i}" | "y"; }\n`;
    const compiling = compileInBackground(huge);
    compiling.catch(() => {});
    let child: number | undefined;
    for (const end = Date.now() + 60_000; child === undefined && Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 20))) {
      child = snapshotChildren().find((pid) => !before.has(pid) && cpuSeconds(pid) >= 0.6);
    }
    expect(child).toBeDefined();
    // As V8 ends a process out of heap.
    process.kill(child!, "SIGABRT");
    await expect(compiling).rejects.toThrow(/the compile check failed: the checker's process ended \(SIGABRT\)/);
    expect(existsSync(copy)).toBe(true);
    // The next compile runs from the same snapshot again.
    expect(await problemsInBackground(compileInBackground, TYPINGS.unknownType)).toEqual(problemsHere(TYPINGS.unknownType));
    expect(snapshotChildren().filter((pid) => !before.has(pid) && pid !== child)).toHaveLength(1);
  });

  it.skipIf(!processes)("a prestarted compiler is the one a compile uses; one nothing used is stopped, and its end fails no later compile", async () => {
    found.snapshot = snapshot;
    const before = new Set(snapshotChildren());
    const { prestartCompiler, stopUnusedCompiler, compileInBackground } = await freshBackground();
    prestartCompiler();
    const stopped = await newSnapshotChild(before);
    expect(stopped).toBeDefined();
    stopUnusedCompiler();
    // The next one is prestarted and used at once, while the stopped one is still ending (as in
    // `generate --watch`): its end must not fail the compile sent to the new one.
    prestartCompiler();
    const compiling = problemsInBackground(compileInBackground, TYPINGS.unknownType);
    const used = await newSnapshotChild(new Set([...before, stopped!]));
    expect(used).toBeDefined();
    expect(await compiling).toEqual(problemsHere(TYPINGS.unknownType));
    stopUnusedCompiler();
    for (const end = Date.now() + 10_000; snapshotChildren().includes(stopped!) && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(snapshotChildren().filter((pid) => !before.has(pid))).toEqual([used]);
  });

  it("prestarts nothing without a snapshot (the thread starts with the first compile instead)", async () => {
    const before = new Set(snapshotChildren());
    const { prestartCompiler, compileInBackground } = await freshBackground();
    prestartCompiler();
    expect(await problemsInBackground(compileInBackground, TYPINGS.good)).toEqual([]);
    // Checked after the compile: a child just forked would not show as one from the snapshot yet.
    expect(snapshotChildren().filter((pid) => !before.has(pid))).toEqual([]);
  });
});
