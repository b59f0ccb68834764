import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { Project, ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { COMMON_TYPES } from "../../src/emit/common.js";
import { emitServerApi } from "../../src/emit/server.js";
import { canonicalize } from "../../src/snapshot/canonical.js";
import { toolInputSchema } from "../helpers/arbitraries.js";
import { asToolInput, closeObjects, instanceOf, literal, mutants, random, type Mutant } from "../helpers/instances.js";

const BATCH = 25;
const SCHEMAS = Number(process.env.FC_RUNS ?? 1000);
// `npm test` is reproducible; the soak (and FC_SEED) explore.
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.FC_RUNS ? undefined : 20261124;

interface Case {
  schema: unknown;
  value: unknown;
  /** undefined: Ajv accepts it, so it must type-check; else the rule it breaks, so it must not. */
  rule: Mutant["rule"] | undefined;
}

/** Type-checks `const c: s.T<i>Input = <value>` for every case in one program; returns the failing case indices. */
function rejectedByTypes(schemas: unknown[], cases: { tool: number; value: unknown }[]): Set<number> {
  const tools = schemas.map((inputSchema, i) => ({ name: `t${i}`, inputSchema }));
  const { snapshot, warnings } = canonicalize({ tools }, "s");
  const api = emitServerApi({ name: "s", snapshot, warnings }, "s");
  const checks = cases.map((c, i) => `const c${i}: Parameters<typeof s.t${c.tool}>[0] = ${literal(c.value)};`);
  const header = `${COMMON_TYPES}\n${api.block}\n`;
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] } });
  project.createSourceFile("/check.ts", `${header}${checks.join("\n")}\nexport {};\n`);
  const firstLine = header.split("\n").length;
  const failing = new Set<number>();
  for (const diagnostic of project.getPreEmitDiagnostics()) {
    const line = diagnostic.getLineNumber() ?? 0;
    if (line < firstLine) {
      const text = ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string | ts.DiagnosticMessageChain, " ");
      throw new Error(`the typings themselves fail: ${text}\n${header.split("\n")[line - 1]}`);
    }
    failing.add(line - firstLine);
  }
  return failing;
}

/**
 * Ajv itself overflows on definitions that are only `$ref`s to each other (at compile or at
 * validation time); such schemas and values are skipped: `undefined` means "Ajv cannot tell".
 */
function compile(ajv: Ajv2020, schema: unknown): ((value: unknown) => boolean | undefined) | undefined {
  let validate: ReturnType<Ajv2020["compile"]>;
  try {
    validate = ajv.compile(schema as object);
  } catch {
    return undefined;
  }
  return (value) => {
    try {
      return validate(value);
    } catch {
      return undefined;
    }
  };
}

describe("fidelity: the types accept what the schema accepts", () => {
  it(`for ${SCHEMAS} random schemas, valid instances type-check and broken ones do not`, () => {
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, validateFormats: false });
    const counts: Record<string, number> = {};
    fc.assert(
      fc.property(fc.array(fc.tuple(toolInputSchema({ fidelity: true }), fc.integer()), { minLength: BATCH, maxLength: BATCH }), (drawn) => {
        const cases: (Case & { tool: number })[] = [];
        drawn.forEach(([drawnSchema, seed], tool) => {
          const schema = asToolInput(drawnSchema);
          const validate = compile(ajv, closeObjects(schema));
          if (!validate) return;
          const rng = random(seed);
          for (let n = 0; n < 4; n++) {
            const value = instanceOf(schema, schema, rng);
            if (validate(value) !== true) continue;
            cases.push({ tool, schema, value, rule: undefined });
            for (const mutant of mutants(value, schema, schema)) {
              if (validate(mutant.value) === false) cases.push({ tool, schema, value: mutant.value, rule: mutant.rule });
            }
          }
        });
        const failing = rejectedByTypes(drawn.map(([schema]) => schema), cases);
        cases.forEach((c, i) => {
          const context = `${c.rule ?? "valid"} instance ${JSON.stringify(c.value)} of ${JSON.stringify(c.schema)}`;
          expect(failing.has(i), context).toBe(c.rule !== undefined);
          counts[c.rule ?? "valid"] = (counts[c.rule ?? "valid"] ?? 0) + 1;
        });
      }),
      { numRuns: Math.ceil(SCHEMAS / BATCH), seed: SEED },
    );
    // The generators must produce valid instances and every kind of broken one, or the property proves nothing.
    for (const kind of ["valid", "missing required", "wrong primitive", "outside enum", "wrong element", "extra property"]) {
      expect(counts[kind] ?? 0, `${kind} cases: ${JSON.stringify(counts)}`).toBeGreaterThan(SCHEMAS / 100);
    }
  }, Math.max(60_000, SCHEMAS * 40));
});
