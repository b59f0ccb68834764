/**
 * `npm run bench:schema`: how closely the generated types follow JSON Schema, measured on the
 * official JSON-Schema-Test-Suite (draft2020-12 and draft7): per keyword file, how many valid
 * data the types accept and how many invalid data they reject. Soundness needs every valid
 * datum accepted (the suite test pins the few documented exceptions); rejecting invalid data is
 * precision, which TypeScript can only partly give.
 */
import { runSuite, suiteDir, type SuiteCase } from "../test/helpers/json-schema-suite.js";

const dir = suiteDir();
if (!dir) {
  console.error("No copy of the JSON-Schema-Test-Suite found: set JSON_SCHEMA_TEST_SUITE to its folder.");
  process.exit(2);
}
const started = performance.now();
const cases = runSuite(dir);
const ms = performance.now() - started;

const count = (list: SuiteCase[], valid: boolean, rejected: boolean) => list.filter((c) => c.valid === valid && c.rejected === rejected).length;
const keywords = [...new Set(cases.map((c) => c.keyword))].sort();
const rows = keywords.map((keyword) => {
  const list = cases.filter((c) => c.keyword === keyword);
  const valid = list.filter((c) => c.valid).length;
  const invalid = list.length - valid;
  return { keyword, accepted: `${count(list, true, false)}/${valid}`, rejected: `${count(list, false, true)}/${invalid}` };
});
const width = Math.max(...keywords.map((k) => k.length));
console.log(`${"keyword".padEnd(width)}  valid accepted  invalid rejected`);
for (const row of rows) console.log(`${row.keyword.padEnd(width)}  ${row.accepted.padStart(14)}  ${row.rejected.padStart(16)}`);
const valid = cases.filter((c) => c.valid).length;
console.log(`\nall: valid accepted ${count(cases, true, false)}/${valid}, invalid rejected ${count(cases, false, true)}/${cases.length - valid}, in ${Math.round(ms)} ms`);
if (process.argv.includes("--list")) for (const c of cases.filter((c) => c.valid && c.rejected)) console.log(`  rejects valid: ${c.name}`);
