import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { COMMON_TYPES } from "../../src/emit/common.js";
import { emitServerApi } from "../../src/emit/server.js";
import { parseSnapshot } from "../../src/snapshot/read.js";
import { asToolInput, closeObjects, instanceOf, literal, mutants, random } from "../helpers/instances.js";

const FIXTURES = path.resolve("test/fixtures/servers");
// gitlab sends no input schemas at all (typed as open objects), so it has nothing to check.
const servers = (await readdir(FIXTURES)).filter((f) => f.endsWith(".json") && f !== "hazards.json" && f !== "gitlab.json").map((f) => f.slice(0, -5));

describe("fidelity on real servers' schemas", () => {
  it.each(servers)("%s: Ajv-valid instances type-check, broken ones do not", async (server) => {
    const text = await readFile(path.join(FIXTURES, `${server}.json`), "utf8");
    const raw = JSON.parse(text) as { tools: { name: string; inputSchema: Record<string, unknown> }[] };
    const listing = parseSnapshot(text, server, server);
    const api = emitServerApi(listing, "s");
    const functionOf = new Map(api.spec.tools.map(([fn, name]) => [name, fn]));
    const lines: string[] = [];
    const expected: boolean[] = [];
    for (const tool of raw.tools) {
      const draft07 = String(tool.inputSchema.$schema ?? "").includes("draft-07") || JSON.stringify(tool.inputSchema).includes('"items":[');
      const ajv = draft07 ? new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false }) : new Ajv2020({ strict: false, allowUnionTypes: true, validateFormats: false });
      const { $schema: _dialect, ...drawn } = tool.inputSchema;
      const schema = asToolInput(drawn);
      if (schema.type !== "object") continue; // typed as an open object: anything goes
      const validate = ajv.compile(closeObjects(schema) as object);
      const rng = random(tool.name.length * 7919 + 1);
      for (let n = 0; n < 8; n++) {
        const value = instanceOf(schema, schema, rng);
        if (!validate(value)) continue;
        const fn = functionOf.get(tool.name)!;
        lines.push(`const v${lines.length}: Parameters<typeof s.${fn}>[0] = ${literal(value)};`);
        expected.push(false);
        for (const mutant of mutants(value, schema, schema)) {
          if (validate(mutant.value)) continue;
          lines.push(`const v${lines.length}: Parameters<typeof s.${fn}>[0] = ${literal(mutant.value)}; // ${mutant.rule}`);
          expected.push(true);
        }
      }
    }
    const header = `${COMMON_TYPES}\n${api.block}\n`;
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, lib: ["lib.es2022.d.ts"], types: [] } });
    project.createSourceFile("/check.ts", `${header}${lines.join("\n")}\nexport {};\n`);
    const offset = header.split("\n").length;
    const failing = new Set(project.getPreEmitDiagnostics().map((d) => (d.getLineNumber() ?? 0) - offset));
    expect(failing.has(-1) || [...failing].some((line) => line < 0)).toBe(false);
    const wrong = lines.filter((_line, i) => failing.has(i) !== expected[i]);
    expect(wrong).toEqual([]);
    expect(expected.filter((e) => !e).length).toBeGreaterThan(0);
  });
});
