import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { COMMON_TYPES } from "../../src/emit/common.js";
import { emitServerApi } from "../../src/emit/server.js";
import { canonicalize } from "../../src/snapshot/canonical.js";
import { literal } from "./instances.js";

type Json = Record<string, unknown>;

/**
 * Where the official JSON-Schema-Test-Suite (MIT) may be found, laid out as in its repository
 * (`tests/draft2020-12/*.json`, `tests/draft7/*.json`, `LICENSE`): a folder named by
 * `JSON_SCHEMA_TEST_SUITE`, a local unversioned copy, or the copy in the shared folder beside
 * the repository, which is where CI finds it.
 */
const LOCATIONS = [
  process.env.JSON_SCHEMA_TEST_SUITE,
  "test/fixtures/json-schema-test-suite",
  "../shared/fixtures/json-schema-test-suite",
].filter((dir): dir is string => Boolean(dir));

/** The two dialects read, with the `$schema` a tool would declare for each. */
export const DRAFTS = [
  { folder: "draft2020-12", $schema: "https://json-schema.org/draft/2020-12/schema" },
  { folder: "draft7", $schema: "http://json-schema.org/draft-07/schema#" },
] as const;

/** Whole files left out, and why. */
export const SKIPPED_FILES: Record<string, string> = {
  "refRemote.json": "remote refs: codemode resolves no schema outside the tool's own (typed as unknown)",
  "dynamicRef.json": "$dynamicRef: its meaning depends on the dynamic scope, which codemode does not track",
  "vocabulary.json": "custom metaschemas are remote documents",
};

/** One datum of the suite: its name is `draft/file/group/test`. */
export interface SuiteCase {
  name: string;
  draft: string;
  keyword: string;
  valid: boolean;
  /** Whether the generated types reject a call with this datum. */
  rejected: boolean;
}

/** The suite's folder, or undefined when no copy is at hand. */
export function suiteDir(): string | undefined {
  return LOCATIONS.map((dir) => path.resolve(dir)).find((dir) => existsSync(path.join(dir, "tests", "draft2020-12")));
}

/** Why a group is skipped, or undefined: remote references and dynamic references. */
export function skipReason(schema: unknown): string | undefined {
  const text = JSON.stringify(schema);
  if (/"\$(dynamicRef|recursiveRef)"/.test(text)) return "$dynamicRef / $recursiveRef";
  if (/"\$ref":"https?:\/\/(?!json-schema\.org)/.test(text) || text.includes("localhost:1234")) return "remote ref";
  return undefined;
}

interface Group {
  draft: (typeof DRAFTS)[number];
  keyword: string;
  description: string;
  schema: unknown;
  tests: { description: string; data: unknown; valid: boolean }[];
}

function loadGroups(dir: string): Group[] {
  const groups: Group[] = [];
  for (const draft of DRAFTS) {
    const folder = path.join(dir, "tests", draft.folder);
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".json")).sort()) {
      if (SKIPPED_FILES[file]) continue;
      const parsed = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as Omit<Group, "draft" | "keyword">[];
      for (const group of parsed) {
        if (!skipReason(group.schema)) groups.push({ ...group, draft, keyword: file.slice(0, -5) });
      }
    }
  }
  return groups;
}

/**
 * A suite schema as a tool's input: `{ value: <schema> }`, its definitions moved to the root
 * and its local `$ref`s re-pointed, so each datum becomes the call `t({ value: datum })`.
 */
export function wrapAsInput(schema: unknown, $schema: string): Json {
  if (typeof schema !== "object" || schema === null) return { $schema, type: "object", properties: { value: schema }, required: ["value"] };
  const { $schema: own, $defs, definitions, $id: _id, ...inner } = schema as Json;
  const wrapped: Json = { $schema: typeof own === "string" ? own : $schema, type: "object", properties: { value: repoint(inner) }, required: ["value"] };
  if ($defs !== undefined) wrapped.$defs = repoint($defs);
  if (definitions !== undefined) wrapped.definitions = repoint(definitions);
  return wrapped;
}

/** `#` → `#/properties/value`; `#/$defs/…` stays; any other local pointer moves under `value`. */
function repoint(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(repoint);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    let next = value;
    if (key === "$ref" && typeof value === "string" && value.startsWith("#")) {
      const pointer = value.slice(1);
      // An anchor (`#foo`) and a pointer into the moved definitions stay as they are.
      const stays = (pointer !== "" && !pointer.startsWith("/")) || /^\/(\$defs|definitions)(\/|$)/.test(pointer);
      next = stays ? value : `#/properties/value${pointer}`;
    } else if (key !== "const" && key !== "enum" && key !== "default" && key !== "examples") {
      next = repoint(value);
    }
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Types every group as one tool of one server and type-checks a call per datum, all in one
 * program: the compiler's start-up is the cost, so one program keeps this to seconds.
 */
export function runSuite(dir: string): SuiteCase[] {
  const groups = loadGroups(dir);
  const tools = groups.map((group, i) => ({ name: `t${i}`, inputSchema: wrapAsInput(group.schema, group.draft.$schema) }));
  const { snapshot, warnings } = canonicalize({ tools }, "suite");
  const api = emitServerApi({ name: "suite", snapshot, warnings }, "s");
  const cases: SuiteCase[] = [];
  const calls: string[] = [];
  groups.forEach((group, i) => {
    for (const test of group.tests) {
      const name = `${group.draft.folder}/${group.keyword}/${group.description}/${test.description}`;
      cases.push({ name, draft: group.draft.folder, keyword: group.keyword, valid: test.valid, rejected: false });
      calls.push(`s.t${i}({ value: ${literal(test.data)} });`);
    }
  });
  const header = `${COMMON_TYPES}\n${api.block}\n`;
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] } });
  project.createSourceFile("/suite.ts", `${header}${calls.join("\n")}\nexport {};\n`);
  const firstLine = header.split("\n").length;
  for (const diagnostic of project.getPreEmitDiagnostics()) {
    const line = diagnostic.getLineNumber() ?? 0;
    if (line < firstLine) {
      const text = ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string | ts.DiagnosticMessageChain, " ");
      throw new Error(`the typings themselves fail: ${text}\n${header.split("\n")[line - 1]}`);
    }
    const hit = cases[line - firstLine];
    if (hit) hit.rejected = true;
  }
  return cases;
}
