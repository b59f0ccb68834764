import vm from "node:vm";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitFromListings } from "../../src/generate.js";
import { listServer } from "../../src/introspect/introspect.js";
import { HOST_BINDING, type HostRequest, type HostResponse } from "../../src/protocol.js";
import { expandTemplate, joinText, shapePrompt, shapeResource, shapeToolResult, ToolError } from "../../templates/shim.js";
import { createDemoServer } from "../servers/demo.js";

describe("shaping results", () => {
  it("resolves a tool without an output schema to its text and content", () => {
    const content = [{ type: "text", text: "a" }, { type: "image", data: "x", mimeType: "image/png" }, { type: "text", text: "b" }];
    expect(shapeToolResult({ content }, false, "s", "t")).toEqual({ text: "a\nb", content });
  });

  it("resolves a tool with an output schema to its structuredContent, or JSON text as a fallback", () => {
    expect(shapeToolResult({ content: [], structuredContent: { n: 1 } }, true, "s", "t")).toEqual({ n: 1 });
    expect(shapeToolResult({ content: [{ type: "text", text: '{"n":2}' }] }, true, "s", "t")).toEqual({ n: 2 });
    expect(() => shapeToolResult({ content: [{ type: "text", text: "plain" }] }, true, "s", "t")).toThrow("s.t declared an output schema but returned no structuredContent");
  });

  it("resolves structuredContent of any JSON type (MCP 2026-07-28), and null as absent", () => {
    expect(shapeToolResult({ content: [], structuredContent: [1, 2] }, true, "s", "t")).toEqual([1, 2]);
    expect(shapeToolResult({ content: [], structuredContent: "done" }, true, "s", "t")).toBe("done");
    expect(shapeToolResult({ content: [], structuredContent: 0 }, true, "s", "t")).toBe(0);
    expect(shapeToolResult({ content: [{ type: "text", text: "[3]" }] }, true, "s", "t")).toEqual([3]);
    expect(shapeToolResult({ content: [{ type: "text", text: "x" }], structuredContent: [4] }, false, "s", "t")).toMatchObject({ text: "x", structuredContent: [4] });
    expect(() => shapeToolResult({ content: [], structuredContent: null }, true, "s", "t")).toThrow("returned no structuredContent");
  });

  it("throws a ToolError carrying server, tool and result for isError", () => {
    const error = (() => {
      try {
        shapeToolResult({ content: [{ type: "text", text: "bad input" }], isError: true }, false, "github", "create_issue");
      } catch (e) {
        return e as ToolError;
      }
    })();
    expect(error).toBeInstanceOf(ToolError);
    expect(error).toMatchObject({ name: "ToolError", server: "github", tool: "create_issue", message: "github.create_issue failed: bad input" });
  });

  it("shapes resources and prompts", () => {
    expect(shapeResource({ contents: [{ uri: "u", text: "t" }, { uri: "v", blob: "AA==" }] })).toEqual({ text: "t", contents: [{ uri: "u", text: "t" }, { uri: "v", blob: "AA==" }] });
    expect(shapePrompt({ description: "d", messages: [] })).toEqual({ description: "d", messages: [] });
    expect(joinText("not an array")).toBe("");
  });

  it.each([
    ["memo://{id}", { id: "a b" }, "memo://a%20b"],
    ["file://{+path}", { path: "/x/y z" }, "file:///x/y%20z"],
    ["search://items{?q,limit}", { q: "cats", limit: 5 }, "search://items?q=cats&limit=5"],
    ["search://items{?q,limit}", {}, "search://items"],
    ["x://{a}{/b}{.c}{#d}", { a: "1", b: "2", c: "3", d: "4" }, "x://1/2.3#4"],
  ])("expands %s", (template, params, want) => expect(expandTemplate(template, params)).toBe(want));
});

describe("a generated index.js in a fresh context, against a real server", () => {
  let client: Client;
  let context: vm.Context;
  const requests: HostRequest[] = [];

  beforeAll(async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createDemoServer({ delayMs: 10 }).connect(serverSide);
    client = new Client({ name: "test", version: "1" });
    await client.connect(clientSide);
    const listing = await listServer(client, "demo");
    const { files } = await emitFromListings([listing], "@codemode");
    // The host side of the binding: what the runtime will do, minus its isolation.
    const host = async (request: string): Promise<string> => {
      const parsed = JSON.parse(request) as HostRequest;
      requests.push(parsed);
      let response: HostResponse;
      try {
        const value =
          parsed.kind === "tool"
            ? await client.callTool({ name: parsed.name, arguments: parsed.args })
            : parsed.kind === "resource"
              ? await client.readResource({ uri: parsed.uri })
              : await client.getPrompt({ name: parsed.name, arguments: parsed.args });
        response = { ok: true, value };
      } catch (error) {
        response = { ok: false, error: { message: (error as Error).message } };
      }
      return JSON.stringify(response);
    };
    context = vm.createContext({ [HOST_BINDING]: host });
    vm.runInContext(files.find((file) => file.path === "demo/index.js")!.content, context);
  });
  afterAll(() => client.close());

  const run = (code: string) => vm.runInContext(`(async () => { ${code} })()`, context) as Promise<unknown>;

  it("has no imports or requires, and installs only the namespace and ToolError", () => {
    expect(vm.runInContext("Object.keys(globalThis).sort()", context)).toEqual([HOST_BINDING, "demo"].sort());
    expect(vm.runInContext("typeof ToolError", context)).toBe("function");
  });

  it("calls tools by their wire names and shapes the results", async () => {
    expect(await run(`return await demo.getWeather({ city: "Oslo" });`)).toEqual({ city: "Oslo", temperature: 20 });
    expect(await run(`return (await demo.echo({ text: "hi" })).text;`)).toBe("hi");
    expect(requests.map((r) => (r.kind === "tool" ? r.name : r.kind))).toEqual(["get-weather", "echo"]);
  });

  it("throws ToolError for a tool error, catchable with instanceof", async () => {
    expect(await run(`try { await demo.fail(); } catch (e) { return [e instanceof ToolError, e.server, e.tool, e.message]; }`)).toEqual([
      true,
      "demo",
      "fail",
      "demo.fail failed: it broke",
    ]);
  });

  it("names a wrong argument", async () => {
    await expect(run(`return await demo.echo("hi");`)).rejects.toThrow("demo.echo takes one object argument, got string");
  });

  it("reads resources, expands templates and gets prompts", async () => {
    expect(await run(`return (await demo.resources.read("demo://readme")).text;`)).toBe("Read me.");
    expect(await run(`return (await demo.resources.note({ id: 7 })).text;`)).toBe("note 7");
    const prompt = (await run(`return await demo.prompts.review({ code: "x = 1", focus: "style" });`)) as { messages: { content: { text: string } }[] };
    expect(prompt.messages[0]!.content.text).toBe("Review for style: x = 1");
  });
});
