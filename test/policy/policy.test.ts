import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromObject } from "../../src/config/load.js";
import { decide, type Policy } from "../../src/policy/policy.js";
import type { ApprovalRequest } from "../../src/runtime/dispatcher.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { framed } from "../../src/cli/framed.js";
import { argumentsListing } from "../../src/policy/arguments-listing.js";
import { createServeServer } from "../../src/serve/server.js";
import type { ToolInfo } from "../../src/snapshot/types.js";
import { demoRuntime } from "../helpers/runtime.js";
import { cli, tempProject, writeConfig } from "../helpers/project.js";

const tool = (name: string, annotations: ToolInfo["annotations"] = {}): ToolInfo => ({ name, inputSchema: { type: "object" }, annotations });

describe("what the policy decides", () => {
  it.each<[string, Policy, ToolInfo, string]>([
    ["no policy allows", {}, tool("x"), "allow"],
    ["a deny glob", { s: { deny: ["delete_*"] } }, tool("delete_repo"), "deny"],
    ["a glob matches whole names only", { s: { deny: ["delete"] } }, tool("delete_repo"), "allow"],
    ["? is one character", { s: { deny: ["get_?"] } }, tool("get_x"), "deny"],
    ["an allow list denies the rest", { s: { allow: ["get_*"] } }, tool("put_x"), "deny"],
    ["an allow list allows what it names", { s: { allow: ["get_*"] } }, tool("get_x"), "allow"],
    ["deny wins over approve", { s: { deny: ["x"], approve: ["x"] } }, tool("x"), "deny"],
    ["destructive tools by annotation", { s: { approve: ["destructive"] } }, tool("drop", { destructiveHint: true }), "approve"],
    ["not destructive", { s: { approve: ["destructive"] } }, tool("read", { destructiveHint: false }), "allow"],
    // Outside attack: the classes matched only an explicit true, and MCP defaults both hints to true.
    ["an unannotated tool is destructive, as MCP's default says", { s: { deny: ["destructive"] } }, tool("drop_database"), "deny"],
    ["a read-only tool is not destructive, whatever its destructiveHint", { s: { deny: ["destructive"] } }, tool("get", { readOnlyHint: true, destructiveHint: true }), "allow"],
    ["an unannotated tool is open-world, as MCP's default says", { s: { approve: ["openWorld"] } }, tool("fetch"), "approve"],
    ["closed-world when it says so", { s: { approve: ["openWorld"] } }, tool("lookup", { openWorldHint: false }), "allow"],
    ["write: anything not read-only", { s: { approve: ["write"] } }, tool("put"), "approve"],
    ["write spares read-only tools", { s: { approve: ["write"] } }, tool("get", { readOnlyHint: true }), "allow"],
    ["openWorld", { s: { deny: ["openWorld"] } }, tool("fetch", { openWorldHint: true }), "deny"],
    ['"*" applies to every server', { "*": { deny: ["x"] } }, tool("x"), "deny"],
    ["another server's entry does not apply", { other: { deny: ["x"] } }, tool("x"), "allow"],
  ])("%s", (_name, policy, info, expected) => expect(decide(policy, "s", info)).toBe(expected));

  it("is checked in the config, naming unknown servers and keys", () => {
    expect(() => configFromObject({ servers: { demo: { snapshot: "x.json" } }, policy: { dmeo: { deny: ["x"] }, demo: { dney: ["x"], approve: "x" } } } as never)).toThrow(
      expect.objectContaining({ problems: expect.arrayContaining([expect.stringContaining('policy.dmeo: no server "dmeo" (did you mean "demo"?)'), expect.stringContaining('policy.demo.dney: unknown key (did you mean "deny"?)'), expect.stringContaining("policy.demo.approve: must be an array")]) }),
    );
  });
});

describe("a runtime with a policy", () => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  let answer = true;
  const asked: ApprovalRequest[] = [];
  beforeAll(async () => {
    ({ runtime, close } = await demoRuntime({}, {}, { policy: { demo: { deny: ["fail"], approve: ["echo"] } }, onApproval: (request) => (asked.push(request), answer) }));
  });
  afterAll(() => close());

  it("leaves denied tools out of the typings and search, and the host refuses them", async () => {
    expect(await runtime.typings()).not.toContain("function fail");
    expect(await runtime.typings()).toContain("function echo");
    expect(runtime.search("fail always reports an error").map((hit) => hit.function)).not.toContain("demo.fail");
    expect((await runtime.run("await demo.fail();")).error).toMatchObject({ kind: "type" });
    const forced = await runtime.run(`return await (globalThis as any).__codemodeHost('{"kind":"tool","server":"demo","name":"fail","args":{}}');`, { typecheck: false });
    expect(JSON.parse(forced.result as string)).toMatchObject({ ok: false, error: { message: "demo.fail is denied by the policy: agent code cannot call it" } });
    expect(forced.calls).toEqual([expect.objectContaining({ tool: "fail", decision: "denied", ok: false })]);
  });

  it("asks before a call it must approve, and records the decision", async () => {
    answer = true;
    const approved = await runtime.run(`return (await demo.echo({ text: "hi" })).text;`);
    expect(approved).toMatchObject({ ok: true, result: "hi", calls: [expect.objectContaining({ decision: "approved", ok: true })] });
    expect(asked.at(-1)).toEqual({ server: "demo", tool: "echo", args: { text: "hi" }, inputSchema: expect.objectContaining({ properties: { text: { type: "string" } } }), signal: expect.any(AbortSignal) });
    answer = false;
    const refused = await runtime.run(`return (await demo.echo({ text: "no" })).text;`);
    expect(refused.error!.message).toContain("demo.echo needs approval, and it was refused: tell the user");
    expect(refused.calls).toEqual([expect.objectContaining({ decision: "refused", ok: false })]);
    const other = await runtime.run(`return (await demo.getWeather({ city: "Oslo" })).city;`);
    expect(other.calls).toEqual([expect.objectContaining({ decision: "allowed", ok: true })]);
  });

  it("without anyone to ask, refuses with a message the model can relay", async () => {
    const { runtime: alone, close: closeAlone } = await demoRuntime({}, {}, { policy: { demo: { approve: ["echo"] } } });
    try {
      const run = await alone.run(`await demo.echo({ text: "x" });`);
      expect(run.error!.message).toContain("demo.echo needs approval, and nobody is here to give it");
    } finally {
      await closeAlone();
    }
  });

  it("asks through MCP elicitation in serve, and refuses when the client cannot be asked", async () => {
    for (const [elicitation, accept, expected] of [[true, true, true], [true, false, false], [false, true, false]] as const) {
      const server = await createServeServer(runtime);
      const client = new Client({ name: "test", version: "1" }, { capabilities: elicitation ? { elicitation: { form: {} } } : {} });
      if (elicitation) client.setRequestHandler("elicitation/create", async () => ({ action: accept ? "accept" : "decline", ...(accept ? { content: { allow: true } } : {}) }));
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(b);
      await client.connect(a);
      const result = (await client.callTool({ name: "execute", arguments: { code: `return (await demo.echo({ text: "via serve" })).text;` } })) as { structuredContent?: { ok: boolean; calls: { decision: string }[] } };
      expect(result.structuredContent!.ok, `elicitation ${elicitation}, accept ${accept}`).toBe(expected);
      expect(result.structuredContent!.calls[0]!.decision).toBe(expected ? "approved" : "refused");
      await client.close();
    }
  });
});

describe("serve's approval question", () => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ runtime, close } = await demoRuntime({ timeoutMs: 10_000, typecheck: false }, {}, { policy: { demo: { approve: ["echo"] } } }));
  });
  afterAll(() => close());

  /** The message of the one elicitation a run of `code` through serve asks (declined). */
  async function elicited(code: string): Promise<string> {
    const messages: string[] = [];
    const server = await createServeServer(runtime);
    const client = new Client({ name: "test", version: "1" }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler("elicitation/create", async (request) => (messages.push(request.params.message), { action: "decline" }));
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    await client.connect(a);
    await client.callTool({ name: "execute", arguments: { code } });
    await client.close();
    expect(messages).toHaveLength(1);
    return messages[0]!;
  }

  // Second attack: a client may render the message as Markdown, where `\"` reads as a quote.
  it("puts the arguments in a code block no backticks in them can close", async () => {
    const forged = await elicited(`await demo.echo({ text: 'notes.txt", "dryRun": true, "x": "' });`);
    expect(forged).toBe('Allow the agent to call demo.echo with these arguments?\n\n```\n  │ {"text":"notes.txt\\", \\"dryRun\\": true, \\"x\\": \\""}\n```');
    const fenced = await elicited("await demo.echo({ text: '```\\n<!-- hidden -->\\n````' });");
    expect(fenced.startsWith("Allow the agent to call demo.echo with these arguments?\n\n`````\n")).toBe(true);
    expect(fenced.endsWith("\n`````")).toBe(true);
  });

  // Outside attack: a run that fired twenty calls needing approval and returned left twenty
  // questions queued in the session; the next run's real question came after its own timeout.
  it("asks nothing for a run that has ended, and records its waiting calls as refused, not made", async () => {
    const asked: string[] = [];
    const server = await createServeServer(runtime);
    const client = new Client({ name: "test", version: "1" }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(request.params.message);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { action: "accept", content: { allow: true } };
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    await client.connect(a);
    const hostile = (await client.callTool({ name: "execute", arguments: { code: `for (let i = 0; i < 20; i++) void demo.echo({ text: "stale " + i }); return 1;` } })) as { structuredContent?: { calls: { decision: string; error?: string }[] } };
    await new Promise((resolve) => setTimeout(resolve, 700));
    const next = (await client.callTool({ name: "execute", arguments: { code: `return (await demo.echo({ text: "wanted" })).text;` } })) as { structuredContent?: { ok: boolean; result: unknown } };
    await client.close();
    expect(next.structuredContent).toMatchObject({ ok: true, result: "wanted" });
    // The first question was already shown when the run ended; none after it was.
    expect(asked.filter((message) => message.includes("stale")).length).toBeLessThanOrEqual(1);
    expect(hostile.structuredContent!.calls).toHaveLength(20);
    expect(hostile.structuredContent!.calls.every((call) => call.decision === "refused" && call.error === "the run ended while it waited for approval: it was not made")).toBe(true);
  });

  it("asks one elicitation at a time, as the terminal asks one question", async () => {
    let pending = 0;
    let most = 0;
    const asked: string[] = [];
    const server = await createServeServer(runtime);
    const client = new Client({ name: "test", version: "1" }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(request.params.message);
      most = Math.max(most, ++pending);
      await new Promise((resolve) => setTimeout(resolve, 100));
      pending--;
      return { action: "decline" };
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    await client.connect(a);
    await client.callTool({ name: "execute", arguments: { code: `await Promise.allSettled([demo.echo({ text: "a" }), demo.echo({ text: "b" })]);` } });
    await client.close();
    expect(asked).toHaveLength(2);
    expect(most, "elicitations waiting at once").toBe(1);
  });

  it("carries every argument whole when its preview leaves some out: an elicitation asks once", async () => {
    const short = await elicited(`await demo.echo({ text: "hello" });`);
    expect(short).toBe('Allow the agent to call demo.echo with these arguments?\n\n```\n  │ {"text":"hello"}\n```');
    const text = `${"harmless ".repeat(40)}rm -rf ~ ${"harmless ".repeat(40)}`;
    const long = await elicited(`await demo.echo({ text: ${JSON.stringify(text)} });`);
    expect(long).toMatch(/characters not shown/);
    // Framed as the terminal's listing: a client's code block may scroll a long line sideways.
    expect(long).toContain(`Every argument, whole:\n\n\`\`\`\n${framed(argumentsListing({ text }))}\n\`\`\``);
    expect(framed(argumentsListing({ text })).split("\n").every((line) => /^ {2}[│┆] /.test(line) && line.length <= 76)).toBe(true);
    const huge = await elicited(`await demo.echo({ text: "x".repeat(40_000) });`);
    expect(huge).toMatch(/The arguments are \d+ characters, too long to show whole here: decline unless you expected a call this large\.$/);
  });
});

describe("the policy in generated typings and prompts", () => {
  it("leaves denied tools out of what generate writes and prompt prints; the snapshot keeps them", async () => {
    const dir = await tempProject(["sequential-thinking"]);
    await writeConfig(dir, { outDir: "out", servers: { thinking: { snapshot: "snapshots/sequential-thinking.json" } }, policy: { thinking: { deny: ["sequentialthinking"] } } });
    expect((await cli(dir, "generate")).code).toBe(0);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(`${dir}/out/thinking/index.d.ts`, "utf8")).not.toContain("function sequentialthinking");
    expect(await readFile(`${dir}/out/thinking/snapshot.json`, "utf8")).toContain('"sequentialthinking"');
    expect((await cli(dir, "prompt")).stdout).not.toContain("function sequentialthinking");
  });
});

describe("codemode run on a terminal", () => {
  it("asks the person at the terminal, and runs the call on a yes", async () => {
    const { runCli } = await import("../../src/cli/main.js");
    const { writeFile } = await import("node:fs/promises");
    const dir = await tempProject();
    const everything = `${process.cwd()}/node_modules/@modelcontextprotocol/server-everything/dist/index.js`;
    await writeConfig(dir, { outDir: "out", servers: { everything: { command: process.execPath, args: [everything] } }, policy: { everything: { approve: ["echo"] } } });
    expect((await cli(dir, "generate")).code).toBe(0);
    await writeFile(`${dir}/agent.ts`, `return (await everything.echo({ message: "approved" })).text;`);
    for (const [answer, code] of [["y", 0], ["n", 1]] as const) {
      const questions: string[] = [];
      let stdout = "";
      let stderr = "";
      const exit = await runCli(["run", "agent.ts"], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        env: { ...process.env, CI: "true" },
        cwd: dir,
        interactive: true,
        stdin: async () => "",
        ask: async (question) => (questions.push(question), answer),
      });
      expect(exit, stderr).toBe(code);
      expect(questions).toEqual(['codemode: allow everything.echo({"message":"approved"})? [y/N] ']);
      if (answer === "y") expect(stdout).toContain("approved");
      else expect(stderr).toContain("needs approval, and it was refused");
    }
  });
});
