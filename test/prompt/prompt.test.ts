import { writeFile } from "node:fs/promises";
import path from "node:path";
import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { listServer } from "../../src/introspect/introspect.js";
import { promptDigest, promptTypings } from "../../src/prompt/prompt.js";
import { readSnapshotFile } from "../../src/snapshot/read.js";
import type { ServerListing } from "../../src/snapshot/types.js";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { cli, tempProject } from "../helpers/project.js";
import { tscStrict } from "../helpers/tsc.js";
import { createDemoServer } from "../servers/demo.js";

const FIXTURES = ["gitlab", "hazards", "lark", "mapbox", "notion", "playwright", "sequential-thinking"];
const fixture = (name: string) => readSnapshotFile(path.resolve("test/fixtures/servers", `${name}.json`), name);

describe("the digest", () => {
  it.each(FIXTURES)("of %s lists every tool once, by the name the typings give it", async (name) => {
    const listing = await fixture(name);
    const typings = await promptTypings([listing]);
    const digest = promptDigest([listing]);
    const lines = digest.text.split("\n").filter((line) => line && !line.startsWith("//"));
    const { tools, resources, resourceTemplates, prompts } = listing.snapshot;
    expect(lines).toHaveLength(tools.length + (resources.length > 0 ? 1 : 0) + resourceTemplates.length + prompts.length);
    expect(digest).toMatchObject({ shown: lines.length, total: lines.length });
    for (const line of lines) {
      const [, namespace, inner, fn] = /^([\p{L}\p{N}_$]+)\.((?:resources\.|prompts\.)?)([\p{L}\p{N}_$]+)\(/u.exec(line)!;
      expect(typings).toContain(`declare namespace ${namespace} {`);
      const indent = inner ? 4 : 2;
      expect(typings).toMatch(new RegExp(`\\n {${indent}}function ${fn!.replace(/\$/g, "\\$")}\\(`, "u"));
    }
  });

  it("costs a fraction of the typings of a big API", async () => {
    const listings = await Promise.all(["lark", "mapbox"].map(fixture));
    const typings = countTokens(await promptTypings(listings));
    const digest = countTokens(promptDigest(listings).text);
    expect(digest * 8).toBeLessThan(typings);
  });

  it("shows the argument's properties, optional ones marked, and the first sentence", async () => {
    const { text } = promptDigest([await demoListing()]);
    expect(text).toContain('demo.getWeather({ city, units? }) — Weather for a city. [read-only]\n');
    expect(text).toContain("demo.fail() — Always reports an error.\n");
    expect(text).toMatch(/\ndemo\.resources\.read\(uri\) — Reads one of the \d+ listed resources?\.\n/);
    expect(text).toMatch(/\ndemo\.prompts\.\w+\(\{ [^}]+ \}\)/);
  });

  it("searches by words, best match first (see test/search)", async () => {
    const lark = await fixture("lark");
    const found = promptDigest([lark], { search: "create record" });
    expect(found.shown).toBeGreaterThan(0);
    expect(found.shown).toBeLessThanOrEqual(10);
    const first = found.text.split("\n").find((l) => l && !l.startsWith("//"))!;
    expect(first.toLowerCase()).toMatch(/record[\s\S]*create|create[\s\S]*record/);
    expect(promptDigest([lark], { search: "nothing-like-this" }).shown).toBe(0);
  });
});

describe("typings of chosen functions", () => {
  it("hold only those functions, named as in the whole API, and compile under --strict", async () => {
    const hazards = await fixture("hazards");
    const whole = await promptTypings([hazards]);
    const chosen = await promptTypings([hazards], { tools: ["hazards.get_user", "defs-b"] });
    const functions = (text: string) => [...text.matchAll(/\n {2}function (\w+)\(/g)].map((m) => m[1]);
    const picked = functions(chosen);
    expect(picked).toHaveLength(2);
    for (const fn of picked) expect(functions(whole)).toContain(fn);
    // get_user is the third of three tools that camel-case to getUser: it keeps its suffix.
    expect(picked).toContainEqual(expect.stringMatching(/^getUser\d$/));
    const dir = await tempProject();
    await writeFile(path.join(dir, "chosen.d.ts"), chosen);
    expect(await tscStrict([path.join(dir, "chosen.d.ts")])).toBe("");
  });

  it("keep a tool's name when the namespace it yields to is left out", async () => {
    const listing: ServerListing = {
      name: "store",
      warnings: [],
      snapshot: { tools: [{ name: "resources", inputSchema: { type: "object" } }], resources: [{ uri: "x://a", name: "a" }], resourceTemplates: [], prompts: [] },
    };
    expect(await promptTypings([listing])).toContain("function resources2(");
    const chosen = await promptTypings([listing], { tools: ["store.resources2"] });
    expect(chosen).toContain("function resources2(");
    expect(chosen).not.toContain("namespace resources");
  });

  it("take a namespace with .*, and resources or prompts by their functions", async () => {
    const demo = await demoListing();
    const all = await promptTypings([demo], { tools: ["demo.*"] });
    expect(all).toBe(await promptTypings([demo]));
    const read = await promptTypings([demo], { tools: ["demo.resources.read"] });
    expect(read).toContain("namespace resources {");
    expect(read).not.toContain("function getWeather(");
  });

  it("name the nearest functions for a selector that names none", async () => {
    const lark = await fixture("lark");
    await expect(promptTypings([lark], { tools: ["lark.recordCreate"] })).rejects.toMatchObject({
      code: "USAGE",
      message: "--tool lark.recordCreate: no such function",
      hint: expect.stringMatching(/^did you mean lark\.\w*RecordCreate/),
    });
  });
});

describe("codemode prompt", () => {
  it("prints the digest instead of typings over --max-tokens, and --tool's typings", async () => {
    const dir = await tempProject(["lark"]);
    await writeFile(path.join(dir, "codemode.config.json"), JSON.stringify({ servers: { lark: { snapshot: "snapshots/lark.json" } } }));
    const big = await cli(dir, "prompt", "--live", "--max-tokens", "5000");
    expect(big.code).toBe(0);
    expect(big.stdout).toMatch(/^\/\/ codemode API digest: 30 functions in 1 namespace/);
    expect(big.stderr).toMatch(/^prompt: the typings are \d+ o200k tokens, over --max-tokens 5000: printing the digest; pick functions with --tool namespace\.function\nprompt: digest of 30 of 30 functions, \d+ o200k tokens; the typings: \d+\n$/);

    const whole = await cli(dir, "prompt", "--live");
    expect(whole.stdout).toContain("declare namespace lark {");
    const one = await cli(dir, "prompt", "--live", "-t", "lark.bitableV1AppCreate");
    expect(one.stdout.match(/\n {2}function /g)).toHaveLength(1);
    expect(one.stderr).toMatch(/^prompt: \d+ o200k tokens for lark\.bitableV1AppCreate\n$/);

    const none = await cli(dir, "prompt", "--live", "--search", "zebra");
    expect(none).toMatchObject({ code: 1, stderr: 'prompt: no function matches "zebra"\n' });
  });
});

async function demoListing(): Promise<ServerListing> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createDemoServer().connect(serverSide);
  const client = new Client({ name: "test", version: "1" });
  await client.connect(clientSide);
  try {
    return await listServer(client, "demo");
  } finally {
    await client.close();
  }
}
