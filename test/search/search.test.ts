import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSearchIndex, search } from "../../src/search/index.js";
import { stem, tokens } from "../../src/search/tokens.js";
import { readSnapshotFile } from "../../src/snapshot/read.js";

describe("search words", () => {
  it.each([
    ["readTextFile", ["read", "text", "fil"]],
    ["read_text-file.v2", ["read", "text", "fil", "v2"]],
    ["getHTTPResponse", ["get", "http", "respons"]],
    ["It has already been read", ["has", "already", "been", "read"]],
    ["Files, directories and entities", ["fil", "directory", "entity"]],
  ])("%s → %j", (given, want) => {
    expect(tokens(given)).toEqual(want);
  });

  it.each([
    ["create", "creat"],
    ["created", "creat"],
    ["creating", "creat"],
    ["creates", "creat"],
    ["running", "run"],
    ["stopped", "stop"],
    ["filling", "fill"],
    ["queries", "query"],
    ["searches", "search"],
    ["status", "status"],
    ["address", "address"],
  ])("stem(%s) = %s", (given, want) => {
    expect(stem(given)).toBe(want);
  });
});

const SERVERS: [string, string][] = [
  ...["gitlab", "lark", "mapbox", "notion", "playwright", "sequential-thinking"].map((name): [string, string] => [name, `test/fixtures/servers/${name}.json`]),
  ...["everything", "filesystem", "memory"].map((name): [string, string] => [name, `examples/generated/${name}/snapshot.json`]),
];
const listings = await Promise.all(SERVERS.map(([name, file]) => readSnapshotFile(path.resolve(file), name)));
const index = buildSearchIndex(listings);

describe("search ranking over the fixture servers and the examples together", () => {
  it.each([
    ["read file", "filesystem.readTextFile"],
    ["list directory", "filesystem.listDirectory"],
    ["move a file", "filesystem.moveFile"],
    ["take a screenshot of the page", "playwright.browserTakeScreenshot"],
    ["click an element", "playwright.browserClick"],
    ["upload files", "playwright.browserFileUpload"],
    ["create a page", "notion.apiPostPage"],
    ["query a data source", "notion.apiQueryDataSource"],
    ["directions between two places", "mapbox.prompts.getDirections"],
    ["geocode an address", "mapbox.searchAndGeocodeTool"],
    ["send a message", "lark.imV1MessageCreate"],
    ["open a merge request", "gitlab.createMergeRequest"],
    ["add observations to entities", "memory.addObservations"],
    ["search nodes in the knowledge graph", "memory.searchNodes"],
    ["think step by step", "sequentialThinking.sequentialthinking"],
    ["add two numbers", "everything.getSum"],
  ])("%s → %s in the top 3", (query, want) => {
    expect(search(index, query, { limit: 3 }).map((hit) => hit.function)).toContain(want);
  });

  it("matches whole words, not substrings: \"read\" is not in \"already\"", () => {
    const found = search(index, "read file", { limit: 1000 }).map((hit) => hit.function);
    expect(found).not.toContain("filesystem.createDirectory");
  });

  it("gives each hit its server, MCP name and one-line signature, best first", () => {
    const [hit, next] = search(index, "read graph");
    expect(hit).toMatchObject({ function: "memory.readGraph", server: "memory", tool: "read_graph", signature: expect.stringMatching(/^memory\.readGraph\(\) — /) });
    expect(hit!.score).toBeGreaterThan(next!.score);
    expect(hit!.signature).not.toContain("\n");
  });

  // Outside attack: serve's search took a query of any size on the host's thread.
  it("reads only a query's first 1,000 characters", () => {
    const head = `read graph ${"zebra ".repeat(170)}`.slice(0, 1000);
    expect(head).toHaveLength(1000);
    expect(search(index, `${head}${" file".repeat(3_000_000)}`)).toEqual(search(index, head));
  });

  it("finds nothing for words no function has, and honours the limit", () => {
    expect(search(index, "zebra")).toEqual([]);
    expect(search(index, "file", { limit: 2 })).toHaveLength(2);
  });

  it("names functions by the namespaces it is given", () => {
    const renamed = buildSearchIndex(listings, new Map([["memory", "kg"]]));
    expect(search(renamed, "read graph", { limit: 1 })[0]!.function).toBe("kg.readGraph");
  });
});
