import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emitApis, rootTypings } from "../../src/emit/emit.js";
import type { ToolInfo } from "../../src/snapshot/types.js";
import { tscStrict } from "../helpers/tsc.js";

const entity = {
  type: "object",
  properties: {
    name: { type: "string", description: "The name of the entity" },
    entityType: { type: "string", description: "The type of the entity" },
    observations: { type: "array", items: { type: "string" }, description: "What is known about it" },
  },
  required: ["name", "entityType", "observations"],
  additionalProperties: false,
};
const withEntities = (name: string): ToolInfo => ({
  name,
  inputSchema: { type: "object", properties: { entities: { type: "array", items: entity } }, required: ["entities"] },
});

function block(tools: ToolInfo[]): string {
  return emitApis([{ name: "s", snapshot: { tools, resources: [], resourceTemplates: [], prompts: [] }, warnings: [] }]).apis[0]!.block;
}

describe("object types several tools spell out alike", () => {
  it("are declared once, docs included, and referenced by a name from their property", () => {
    const text = block([withEntities("create_entities"), withEntities("delete_entities"), withEntities("update_entities")]);
    expect(text.match(/The name of the entity/g)).toHaveLength(1);
    expect(text).toContain("interface Entity {");
    expect(text.match(/entities: Entity\[\];/g)).toHaveLength(3);
  });

  it("stay inline where a type appears once", () => {
    const text = block([withEntities("create_entities")]);
    expect(text).not.toContain("interface Entity ");
    expect(text).toContain("The name of the entity");
  });

  it("still compile under --strict, and accept the same calls", async () => {
    const apis = emitApis([{ name: "s", snapshot: { tools: [withEntities("create_entities"), withEntities("delete_entities")], resources: [], resourceTemplates: [], prompts: [] }, warnings: [] }]).apis;
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-share-"));
    const file = path.join(dir, "agent.ts");
    await writeFile(
      file,
      `${rootTypings(apis)}\nexport async function f() {\n  await s.createEntities({ entities: [{ name: "a", entityType: "b", observations: [] }] });\n  // @ts-expect-error a required property is still required\n  await s.deleteEntities({ entities: [{ name: "a", entityType: "b" }] });\n}\n`,
    );
    try {
      expect(await tscStrict([file])).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
