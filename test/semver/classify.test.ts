import { describe, expect, it } from "vitest";
import { bump, classifyChanges, highestLevel } from "../../src/semver/classify.js";
import type { Snapshot, ToolInfo } from "../../src/snapshot/types.js";

const base: ToolInfo = {
  name: "get-user",
  description: "Gets a user.",
  inputSchema: { type: "object", properties: { id: { type: "string" }, verbose: { type: "boolean" }, kind: { enum: ["a", "b"] } }, required: ["id"] },
  outputSchema: { type: "object", properties: { name: { type: "string" }, age: { type: ["number", "null"] } }, required: ["name"] },
};
const snapshot = (tools: ToolInfo[], extra: Partial<Snapshot> = {}): Snapshot => ({ tools, resources: [], resourceTemplates: [], prompts: [], ...extra });
const withInput = (change: (schema: Record<string, any>) => void): ToolInfo => {
  const tool = structuredClone(base);
  change(tool.inputSchema as Record<string, any>);
  return tool;
};
const withOutput = (change: (schema: Record<string, any>) => void): ToolInfo => {
  const tool = structuredClone(base);
  change(tool.outputSchema as Record<string, any>);
  return tool;
};

/** given: the tool after the change; want: the one classified change. */
const rules: [rule: string, after: Snapshot, want: [string, string]][] = [
  ["a tool removed is major", snapshot([]), ["major", 'tool "get-user" removed']],
  ["a tool renamed is major (and a minor addition)", snapshot([{ ...base, name: "fetch-user" }]), ["major", 'tool "get-user" removed']],
  ["a tool added is minor", snapshot([base, { ...base, name: "list-users" }]), ["minor", 'tool "list-users" added']],
  ["a required input added is major", snapshot([withInput((s) => ((s.properties.org = { type: "string" }), s.required.push("org")))]), ["major", 'tool "get-user": input "org" added (required)']],
  ["an optional input added is minor", snapshot([withInput((s) => (s.properties.org = { type: "string" }))]), ["minor", 'tool "get-user": input "org" added']],
  ["an input removed is major", snapshot([withInput((s) => delete s.properties.verbose)]), ["major", 'tool "get-user": input "verbose" removed']],
  ["an input narrowed is major", snapshot([withInput((s) => (s.properties.kind = { enum: ["a"] }))]), ["major", 'tool "get-user": input "kind" type narrowed']],
  ["an input widened is minor", snapshot([withInput((s) => (s.properties.kind = { enum: ["a", "b", "c"] }))]), ["minor", 'tool "get-user": input "kind" type widened']],
  ["an input type changed is major", snapshot([withInput((s) => (s.properties.id = { type: "number" }))]), ["major", 'tool "get-user": input "id" type changed']],
  ["an optional input made required is major", snapshot([withInput((s) => s.required.push("verbose"))]), ["major", 'tool "get-user": input "verbose" became required']],
  ["an output property removed is major", snapshot([withOutput((s) => delete s.properties.age)]), ["major", 'tool "get-user": output "age" removed']],
  ["an output type changed is major", snapshot([withOutput((s) => (s.properties.name = { type: "number" }))]), ["major", 'tool "get-user": output "name" type changed']],
  ["an output type widened is major", snapshot([withOutput((s) => (s.properties.name = { type: ["string", "null"] }))]), ["major", 'tool "get-user": output "name" type widened']],
  ["an output property added is minor", snapshot([withOutput((s) => (s.properties.email = { type: "string" }))]), ["minor", 'tool "get-user": output "email" added']],
  ["a description changed is a patch", snapshot([{ ...base, description: "Fetches a user." }]), ["patch", 'tool "get-user": documentation changed']],
  ["a property's description changed is a patch", snapshot([withInput((s) => (s.properties.id.description = "The id"))]), ["patch", 'tool "get-user": documentation changed']],
  ["annotations changed are a patch", snapshot([{ ...base, annotations: { readOnlyHint: true } }]), ["patch", 'tool "get-user": documentation changed']],
  ["a title changed is a patch", snapshot([{ ...base, title: "Get user" }]), ["patch", 'tool "get-user": documentation changed']],
  ["a prompt removed is major", snapshot([base], { prompts: [] }), ["major", 'prompt "review" removed']],
  ["a resource added is minor", snapshot([base], { prompts: [{ name: "review" }], resources: [{ uri: "x://a", name: "a" }] }), ["minor", 'resource "x://a" added']],
];

describe("classifying API changes", () => {
  it.each(rules)("%s", (_rule, after, [level, text]) => {
    const before = snapshot([base], { prompts: _rule.includes("prompt") || _rule.includes("resource") ? [{ name: "review" }] : [] });
    const changes = classifyChanges(before, after);
    expect(changes[0]).toEqual({ level, text });
  });

  it("finds nothing when nothing changed, and a property named description is a property", () => {
    const tool = withInput((s) => (s.properties.description = { type: "string" }));
    expect(classifyChanges(snapshot([tool]), snapshot([structuredClone(tool)]))).toEqual([]);
    const removed = classifyChanges(snapshot([tool]), snapshot([base]));
    expect(removed).toEqual([{ level: "major", text: 'tool "get-user": input "description" removed' }]);
  });

  it("lists a changed description beside schema changes, but not the descriptions a schema change brings", () => {
    const both = { ...withInput((s) => (s.properties.org = { type: "string", description: "The org" })), description: "Fetches a user." };
    expect(classifyChanges(snapshot([base]), snapshot([both]))).toEqual([
      { level: "minor", text: 'tool "get-user": input "org" added' },
      { level: "patch", text: 'tool "get-user": documentation changed' },
    ]);
    const added = withInput((s) => (s.properties.org = { type: "string", description: "The org" }));
    expect(classifyChanges(snapshot([base]), snapshot([added]))).toEqual([{ level: "minor", text: 'tool "get-user": input "org" added' }]);
  });

  it("finds nothing when a snapshot written before the dialect was kept gains its $schema", () => {
    const dialect = "https://json-schema.org/draft/2020-12/schema";
    const after = { ...withInput((s) => (s.$schema = dialect)), outputSchema: { ...(base.outputSchema as object), $schema: dialect } };
    expect(classifyChanges(snapshot([base]), snapshot([after]))).toEqual([]);
  });

  it("bumps by the highest level", () => {
    expect(highestLevel([{ level: "patch", text: "" }, { level: "minor", text: "" }])).toBe("minor");
    expect(highestLevel([])).toBeUndefined();
    expect([bump("1.4.2", "major"), bump("1.4.2", "minor"), bump("1.4.2", "patch")]).toEqual(["2.0.0", "1.5.0", "1.4.3"]);
  });
});
