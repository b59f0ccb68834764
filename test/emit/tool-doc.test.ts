import { describe, expect, it } from "vitest";
import { emitApis } from "../../src/emit/emit.js";
import type { PromptInfo, ToolInfo } from "../../src/snapshot/types.js";

/** The namespace block of one server with these tools and prompts. */
function block(tools: ToolInfo[], prompts: PromptInfo[] = []): string {
  const snapshot = { tools, resources: [], resourceTemplates: [], prompts };
  return emitApis([{ name: "s", snapshot, warnings: [] }]).apis[0]!.block;
}

const tool = (name: string, extra: Partial<ToolInfo> = {}): ToolInfo => ({ name, description: `Does ${name}.`, inputSchema: { type: "object" }, ...extra });

/** The JSDoc right above `function <fn>(`. */
function docOf(text: string, fn: string): string {
  const at = text.indexOf(`function ${fn}(`);
  expect(at, fn).toBeGreaterThan(-1);
  return text.slice(text.lastIndexOf("/**", at), at);
}

describe("a tool's JSDoc", () => {
  it("has no @tool tag when the function is the camelCase of the tool's name", () => {
    const text = block([tool("get-sum"), tool("create_branch"), tool("bitable.v1.app.create"), tool("echo")]);
    expect(text).not.toContain("@tool");
    expect(text).toContain("function getSum(");
    expect(text).toContain("function bitableV1AppCreate(");
  });

  it("keeps @tool where the function was renamed: a reserved word, a collision", () => {
    const text = block([tool("delete"), tool("get_user"), tool("get-user")]);
    expect(docOf(text, "delete_")).toContain("@tool delete");
    expect(docOf(text, "getUser")).not.toContain("@tool");
    expect(docOf(text, "getUser2")).toContain("@tool get-user");
  });

  it("drops a title that only restates the name, with or without a trailing 'Tool', and keeps any other", () => {
    const text = block([tool("echo", { title: "Echo Tool" }), tool("add_observations", { title: "Add Observations" }), tool("area_tool", { title: "Calculate Area" })]);
    expect(text).not.toContain("Echo Tool");
    expect(text).not.toContain("Add Observations");
    // A title kept shares the description's line, as a property's title does.
    expect(docOf(text, "areaTool")).toContain("/** Calculate Area: Does area_tool. */");
    // The description is always kept.
    expect(docOf(text, "echo")).toContain("Does echo.");
  });

  it("tags a prompt with @prompt only when its function is not the camelCase of its name", () => {
    const text = block([], [{ name: "simple-prompt" }, { name: "delete" }]);
    expect(docOf(text, "simplePrompt")).not.toContain("@prompt");
    expect(docOf(text, "delete_")).toContain("@prompt delete");
  });
});

describe("a listed resource's JSDoc", () => {
  const uris = (resources: { uri: string; name: string; description?: string; mimeType?: string }[]) =>
    emitApis([{ name: "s", snapshot: { tools: [], resources, resourceTemplates: [], prompts: [] }, warnings: [] }]).apis[0]!.block;

  it("leaves out a name the URI already ends with, and keeps one it does not", () => {
    const text = uris([
      { uri: "demo://docs/architecture.md", name: "architecture.md", description: "The design", mimeType: "text/markdown" },
      { uri: "memory://graph", name: "Knowledge Graph", description: "The whole graph" },
    ]);
    expect(text).toContain("/** The design (text/markdown) */");
    expect(text).toContain("/** Knowledge Graph: The whole graph */");
  });
});
