import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCheck } from "../../src/compile/check.js";
import { emitFiles } from "../../src/emit/emit.js";
import { CodemodeError } from "../../src/errors.js";
import { canonicalize } from "../../src/snapshot/canonical.js";
import { toolInputSchema } from "../helpers/arbitraries.js";

/** Schemas per compiled program: the compiler's start-up is the cost, so many tools share one. */
const BATCH = 50;
const SCHEMAS = Number(process.env.FC_RUNS ?? 1000);
// `npm test` is reproducible; the soak (and FC_SEED) explore.
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.FC_RUNS ? undefined : 20261124;

function compileProblems(typings: string): readonly string[] {
  try {
    compileCheck(typings);
    return [];
  } catch (error) {
    return error instanceof CodemodeError ? error.problems : [String(error)];
  }
}

describe("random schemas", () => {
  it(`always give typings that compile under --strict (${SCHEMAS} schemas)`, () => {
    const tool = fc.record({ input: toolInputSchema(), output: fc.option(toolInputSchema(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(tool, { minLength: BATCH, maxLength: BATCH }), (tools) => {
        const raw = tools.map((t, i) => ({ name: `tool-${i}`, inputSchema: t.input, ...(t.output ? { outputSchema: t.output } : {}) }));
        const { snapshot, warnings } = canonicalize({ tools: raw }, "random");
        const { files } = emitFiles([{ name: "random", snapshot, warnings }], { scope: "@codemode", shim: "" });
        const root = files.find((file) => file.path === ".agents.d.ts")!.content;
        // Server text that ended a comment early would leave stray code: that fails here too.
        expect(compileProblems(root)).toEqual([]);
      }),
      { numRuns: Math.ceil(SCHEMAS / BATCH), seed: SEED },
    );
  }, Math.max(60_000, SCHEMAS * 40));
});
