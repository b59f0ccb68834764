import { describe, expect, it, vi } from "vitest";
import type { Client } from "@modelcontextprotocol/client";
import { Dispatcher } from "../../src/runtime/dispatcher.js";
import type { ServerListing } from "../../src/snapshot/types.js";
import { ArgumentValidator } from "../../src/runtime/validate-args.js";

const tool = (name: string) => ({ name, inputSchema: { type: "object" } });
const listing = { name: "s", snapshot: { tools: [tool("slow"), tool("guarded")], resources: [], resourceTemplates: [], prompts: [] } } as unknown as ServerListing;

/** A client whose calls the test settles by hand, counting how many run at once. */
function fakeClient() {
  const settle: (() => void)[] = [];
  const state = { active: 0, peak: 0 };
  const client = {
    callTool: () => {
      state.active++;
      state.peak = Math.max(state.peak, state.active);
      return new Promise((resolve) => settle.push(() => (state.active--, resolve({ content: [] }))));
    },
  } as unknown as Client;
  return { client, settle, state };
}

const request = (name: string) => JSON.stringify({ kind: "tool", server: "s", name, args: {} });

describe("the dispatcher's concurrency slots", () => {
  it("a call freshly approved cannot take a slot that was handed to a queued call", async () => {
    const { client, settle, state } = fakeClient();
    const dispatcher = new Dispatcher(
      new Map([["s", listing]]),
      () => client,
      new ArgumentValidator(),
      { maxToolCalls: 100, maxConcurrentCalls: 1, maxArgumentBytes: 1e6, maxResultBytes: 1e6, deadline: Date.now() + 10_000 },
      { policy: { s: { approve: ["guarded"] } }, onApproval: () => true },
    );
    const answers = [dispatcher.handle(request("slow")), dispatcher.handle(request("slow"))];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state.active).toBe(1);
    // A call that needs approval (auto-approved) arrives while the first call ends: its
    // continuation runs before the queued call's.
    answers.push(dispatcher.handle(request("guarded")));
    settle.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    while (settle.length > 0) {
      settle.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(answers);
    expect(state.peak).toBe(1);
    await dispatcher.stop();
  });

  it("a call approved after the run ended, with every slot still taken, is refused and never reaches the server", async () => {
    const { client, settle, state } = fakeClient();
    let approve: (yes: boolean) => void = () => {};
    const dispatcher = new Dispatcher(
      new Map([["s", listing]]),
      () => client,
      new ArgumentValidator(),
      { maxToolCalls: 100, maxConcurrentCalls: 1, maxArgumentBytes: 1e6, maxResultBytes: 1e6, deadline: Date.now() + 10_000 },
      { policy: { s: { approve: ["guarded"] } }, onApproval: () => new Promise<boolean>((resolve) => (approve = resolve)) },
    );
    const slow = dispatcher.handle(request("slow"));
    const guarded = dispatcher.handle(request("guarded"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    const calls = await dispatcher.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    approve(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    settle.shift()!();
    expect(JSON.parse(await guarded)).toMatchObject({ ok: false });
    await slow;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state.peak).toBe(1);
    expect(settle.length).toBe(0);
    expect(calls.length).toBe(2);
  });

  it("a request over the argument limit is refused before it is parsed, and still reported", async () => {
    const { client, state } = fakeClient();
    const dispatcher = new Dispatcher(new Map([["s", listing]]), () => client, new ArgumentValidator(), {
      maxToolCalls: 100,
      maxConcurrentCalls: 1,
      maxArgumentBytes: 1000,
      maxResultBytes: 1e6,
      deadline: Date.now() + 10_000,
    });
    // What a compromised sandbox can send under the frame cap: millions of objects to build.
    const huge = `{"kind":"tool","server":"s","name":"slow","args":{"items":[${"{},".repeat(1_000_000)}{}]}}`;
    const parse = vi.spyOn(JSON, "parse");
    try {
      const answer = await dispatcher.handle(huge);
      expect(parse.mock.calls.some(([text]) => text === huge)).toBe(false);
      expect(JSON.parse(answer)).toMatchObject({ ok: false, error: { message: expect.stringContaining("the limit is 1000") } });
    } finally {
      parse.mockRestore();
    }
    expect(state.peak).toBe(0);
    expect(await dispatcher.stop()).toEqual([expect.objectContaining({ server: "s", tool: "slow", kind: "tool", ok: false })]);
  });
});
