import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../../src/runtime/runtime.js";
import { demoRuntime } from "../helpers/runtime.js";

/** What the generated package declares for the demo server, as host code imports it. */
interface Demo {
  getWeather(input: { city: string }): Promise<{ city: string; temperature: number }>;
  echo(input: { text: string }): Promise<{ text: string; content: unknown[] }>;
  fail(input?: Record<string, never>): Promise<unknown>;
}

let runtime: Runtime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ runtime, close } = await demoRuntime());
});
afterAll(() => close());

describe("runtime.api: a server's tools for host code", () => {
  it("calls tools through the host's clients and shapes results as the typings say", async () => {
    const demo = await runtime.api<Demo>("demo");
    expect(await demo.getWeather({ city: "Oslo" })).toMatchObject({ city: "Oslo", temperature: expect.any(Number) });
    expect(await demo.echo({ text: "hi" })).toMatchObject({ text: "hi", content: [{ type: "text", text: "hi" }] });
  });

  it("validates arguments against the tool's schema before calling, as for agent code", async () => {
    const demo = await runtime.api<Demo>("demo");
    const error = await demo.getWeather({ city: 42 } as never).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "ToolError", server: "demo", tool: "get-weather" });
    expect((error as Error).message).toMatch(/^demo\.getWeather failed: invalid arguments for demo\.get-weather: \/city: must be string/);
  });

  it("throws ToolError with the tool's result when the tool reports an error", async () => {
    const demo = await runtime.api<Demo>("demo");
    const error = await demo.fail().catch((e: Error & { result?: unknown }) => e);
    expect(error).toMatchObject({ name: "ToolError", tool: "fail", result: { text: expect.any(String) } });
  });

  it("names an unknown server with the nearest one", async () => {
    await expect(runtime.api("dmeo")).rejects.toMatchObject({ code: "USAGE", message: 'runtime.api: no server "dmeo" in the config', hint: 'did you mean "demo"?' });
  });
});
