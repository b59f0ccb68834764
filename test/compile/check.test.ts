import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileCheck } from "../../src/compile/check.js";
import { COMMON_TYPES } from "../../src/emit/common.js";
import { CodemodeError } from "../../src/errors.js";

/** Breaks the first emitted API when `breakEmit.with` is set, as an emitter bug would. */
const breakEmit = vi.hoisted(() => ({ with: undefined as undefined | ((block: string) => string) }));
vi.mock("../../src/emit/emit.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/emit/emit.js")>();
  return {
    ...original,
    emitApis: (...args: Parameters<typeof original.emitApis>) => {
      const result = original.emitApis(...args);
      const edit = breakEmit.with;
      return edit ? { ...result, apis: result.apis.map((api, i) => (i === 0 ? { ...api, block: edit(api.block) } : api)) } : result;
    },
  };
});

function problemsOf(typings: string): readonly string[] {
  try {
    compileCheck(typings);
    return [];
  } catch (error) {
    if (error instanceof CodemodeError && error.code === "COMPILE_FAILED") return error.problems;
    throw error;
  }
}

const ns = (body: string) => `${COMMON_TYPES}\ndeclare namespace s {\n${body}\n}\n`;

describe("the compile check", () => {
  it("passes typings that use the libs generated code relies on", () => {
    expect(problemsOf(ns("  interface A {\n    b: Record<string, Promise<Error[]>>;\n  }\n  function f(input: A): Promise<ToolResult>;"))).toEqual([]);
  });

  it.each([
    ["an unknown type", "  interface A {\n    b: Missing;\n  }", /namespace s, in A .*Cannot find name 'Missing'/s],
    ["a syntax error", "  interface A {\n    b: ;\n  }", /namespace s, in A .*Type expected/s],
    ["what only --strict rejects", "  function f(input): Promise<void>;", /namespace s, in f .*implicitly has an 'any' type/s],
    ["a lib type used wrongly", "  type A = Promise;", /namespace s, in A .*requires 1 type argument/s],
    // A description that ended its comment early: what follows is code, and not valid code.
    ["a comment ended early", "  /** Returns a */ glob like *.ts */\n  function f(): Promise<void>;", /namespace s .*(expected|Cannot find name)/s],
  ])("fails on %s, naming the namespace and declaration", (_, body, problem) => {
    const problems = problemsOf(ns(body));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(problem);
  });
});

describe("generate's compile check (in its thread)", () => {
  let outDir = "";
  afterEach(async () => {
    breakEmit.with = undefined;
    await rm(outDir, { recursive: true, force: true });
  });

  it("stops a deliberately broken emit before anything is written", async () => {
    const { configFromObject } = await import("../../src/config/load.js");
    const { generate } = await import("../../src/generate.js");
    outDir = await mkdtemp(path.join(os.tmpdir(), "codemode-compile-"));
    const config = configFromObject({ outDir, servers: { thinking: { snapshot: path.resolve("test/fixtures/servers/sequential-thinking.json") } } });
    breakEmit.with = (block) => block.replace(/\n}\n$/, "\n  type Broken = NoSuchType;\n}\n");
    const failure = await generate(config).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CodemodeError);
    expect((failure as CodemodeError).code).toBe("COMPILE_FAILED");
    expect((failure as CodemodeError).problems.join("\n")).toMatch(/namespace thinking, in Broken .*Cannot find name 'NoSuchType'/s);
    expect(await readdir(outDir)).toEqual([]);
    // The same emit, unbroken, generates.
    breakEmit.with = undefined;
    await expect(generate(config)).resolves.toMatchObject({ upToDate: false });
  });
});
