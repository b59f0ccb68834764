import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { emitApis, rootTypings } from "../../src/emit/emit.js";
import { commonTypes, sharedTypeNames } from "../../src/emit/common.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const toolsOnly: Snapshot = { tools: [{ name: "echo", inputSchema: { type: "object" } }], resources: [], resourceTemplates: [], prompts: [] };

describe("the shared types every prompt starts with", () => {
  it("cost a tools-only API at most 210 o200k tokens: every prompt pays them, however small the API", () => {
    expect(countTokens(commonTypes({ toolResults: true, resources: false, prompts: false }))).toBeLessThanOrEqual(210);
  });

  it("name ResourceContent only for an API with resources: a tools-only API has it inline, in the resource block", () => {
    const bare = commonTypes({ toolResults: false, resources: false, prompts: true });
    expect(bare).not.toContain("ResourceContent");
    expect(bare).toContain('{ type: "resource"; resource: { uri: string; mimeType?: string; text?: string; blob?: string } }');
    expect(sharedTypeNames({ toolResults: false, resources: false, prompts: true })).not.toContain("ResourceContent");
    const full = commonTypes({ toolResults: true, resources: true, prompts: false });
    expect(full).toContain('{ type: "resource"; resource: ResourceContent }');
    expect(full).toContain("type ResourceContent = { uri: string; mimeType?: string; text?: string; blob?: string };");
    expect(sharedTypeNames({ toolResults: true, resources: true, prompts: false })).toContain("ResourceContent");
  });

  it("declare ResourceResult only with resources and PromptResult only with prompts", () => {
    const bare = rootTypings(emitApis([{ name: "s", snapshot: toolsOnly, warnings: [] }]).apis);
    expect(bare).toContain("declare class ToolError");
    expect(bare).toContain("type ToolResult = ");
    expect(bare).not.toContain("ResourceResult");
    expect(bare).not.toContain("PromptResult");
    const withPrompt = { ...toolsOnly, prompts: [{ name: "review" }] };
    const full = rootTypings(emitApis([{ name: "s", snapshot: withPrompt, warnings: [] }]).apis);
    expect(full).toContain("type PromptResult = ");
    expect(full).not.toContain("ResourceResult");
  });

  it("still name every content block type and every ToolError field", () => {
    const text = commonTypes({ toolResults: true, resources: false, prompts: false });
    for (const type of ["text", "image", "audio", "resource_link", "resource"]) expect(text).toContain(`"${type}"`);
    for (const field of ["server: string", "tool: string", "result?: ToolResult", "structuredContent?: unknown"]) expect(text).toContain(field);
  });

  it("declare neither ToolResult nor ContentBlock for an API whose every tool has an output schema: ToolError's result keeps its text", () => {
    const structured: Snapshot = { ...toolsOnly, tools: [{ name: "sum", inputSchema: { type: "object" }, outputSchema: { type: "object", properties: { total: { type: "number" } } } }] };
    const text = rootTypings(emitApis([{ name: "s", snapshot: structured, warnings: [] }]).apis);
    expect(text).not.toContain("ToolResult");
    expect(text).not.toContain("ContentBlock");
    expect(text).toContain("result?: { text: string; content: unknown[]; structuredContent?: unknown };");
    expect(sharedTypeNames({ toolResults: false, resources: false, prompts: false })).toEqual(["ToolError"]);
    // One tool without an output schema brings both back; so do prompts, whose messages hold content blocks.
    const mixed = { ...structured, tools: [...structured.tools, ...toolsOnly.tools] };
    expect(rootTypings(emitApis([{ name: "s", snapshot: mixed, warnings: [] }]).apis)).toContain("type ToolResult = ");
    const prompted = { ...structured, prompts: [{ name: "review" }] };
    expect(rootTypings(emitApis([{ name: "s", snapshot: prompted, warnings: [] }]).apis)).toContain("type ContentBlock =");
  });
});
