import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { emitApis, rootTypings } from "../../src/emit/emit.js";
import { commonTypes, sharedTypeNames } from "../../src/emit/common.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const toolsOnly: Snapshot = { tools: [{ name: "echo", inputSchema: { type: "object" } }], resources: [], resourceTemplates: [], prompts: [] };

describe("the shared types every prompt starts with", () => {
  it("cost a tools-only API at most 215 o200k tokens: every prompt pays them, however small the API", () => {
    expect(countTokens(commonTypes({ resources: false, prompts: false }))).toBeLessThanOrEqual(215);
  });

  it("name ResourceContent only for an API with resources: a tools-only API has it inline, in the resource block", () => {
    const bare = commonTypes({ resources: false, prompts: true });
    expect(bare).not.toContain("ResourceContent");
    expect(bare).toContain('{ type: "resource"; resource: { uri: string; mimeType?: string; text?: string; blob?: string } }');
    expect(sharedTypeNames({ resources: false, prompts: true })).not.toContain("ResourceContent");
    const full = commonTypes({ resources: true, prompts: false });
    expect(full).toContain('{ type: "resource"; resource: ResourceContent }');
    expect(full).toContain("type ResourceContent = { uri: string; mimeType?: string; text?: string; blob?: string };");
    expect(sharedTypeNames({ resources: true, prompts: false })).toContain("ResourceContent");
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
    const text = commonTypes({ resources: false, prompts: false });
    for (const type of ["text", "image", "audio", "resource_link", "resource"]) expect(text).toContain(`"${type}"`);
    for (const field of ["readonly server: string", "readonly tool: string", "readonly result?: ToolResult", "structuredContent?: unknown"]) expect(text).toContain(field);
  });
});
