import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HostChannel } from "../../src/runtime/workerd/host-channel.js";
import { locateWorkerd } from "../../src/runtime/workerd/locate.js";
import { runnerModuleSource } from "../../src/runtime/workerd/runner.js";
import { WorkerdProcess } from "../../src/runtime/workerd/workerd-process.js";
import { WorkerdSlot } from "../../src/runtime/workerd/workerd-slot.js";
import { workerdAvailable, workerdMissing } from "../helpers/executors.js";

/**
 * The runner as `examples/cloudflare/` deploys it, simulated locally: no host service binding,
 * the host reached at `HOST_URL` over HTTP with the secret (here loopback TCP, on Cloudflare an
 * HTTPS URL), the same runner source and the same host-side checks. What this cannot show
 * (Cloudflare's own limits and network) is listed in the README.
 */
describe.skipIf(!workerdAvailable)(`the Cloudflare shape, simulated locally${workerdAvailable ? "" : ` (skipped: ${workerdMissing})`}`, () => {
  it("a run's calls reach the host over HTTP with the secret; without it, the host answers nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-cf-"));
    const secret = randomBytes(32).toString("hex");
    const channel = new HostChannel({ port: 0 }, secret, 2 ** 20);
    expect(await channel.listening).toBe(true);
    await writeFile(path.join(dir, "runner.js"), runnerModuleSource());
    const binary = locateWorkerd();
    if (!binary.found) throw new Error(binary.why);
    const process = new WorkerdProcess({ binary: binary.path, dir, secret, host: channel.address(), channelUp: channel.listening }, 64);
    try {
      expect(await process.ready).toBe(true);
      const address = channel.address() as { url: string };
      expect(address.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${address.url}/call`, { method: "POST", headers: { "x-codemode-run": "x" }, body: "{}" })).status).toBe(403);
      const calls: string[] = [];
      const slot = new WorkerdSlot(process, channel, [], 2 ** 20, () => {});
      const outcome = await slot.run(`(async () => { const answer = await globalThis.__codemodeHost('{"kind":"tool"}'); console.log("got", answer); return answer; })`, { maxToolCalls: 5, maxArgumentBytes: 1000, maxLogBytes: 1000, maxResultBytes: 1000 }, 20_000, {
        onCall(id, request) {
          calls.push(request);
          slot.respond(id, '{"ok":true,"value":7}');
        },
        onLog() {},
      });
      expect(calls).toEqual(['{"kind":"tool"}']);
      expect(outcome).toEqual({ ok: true, result: JSON.stringify('{"ok":true,"value":7}') });
    } finally {
      process.kill();
      channel.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
