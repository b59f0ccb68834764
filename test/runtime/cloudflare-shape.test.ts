import { describe, expect, it } from "vitest";
import { WorkerdSlot } from "../../src/runtime/workerd/workerd-slot.js";
import { workerdAvailable, workerdMissing } from "../helpers/executors.js";
import { workerdOverTcp } from "../helpers/workerd.js";

/**
 * The runner as `examples/cloudflare/` deploys it, simulated locally: no host service binding,
 * the host reached at `HOST_URL` over HTTP with the secret (here loopback TCP, on Cloudflare an
 * HTTPS URL), the same runner source and the same host-side checks. What this cannot show
 * (Cloudflare's own limits and network) is listed in the README.
 */
describe.skipIf(!workerdAvailable)(`the Cloudflare shape, simulated locally${workerdAvailable ? "" : ` (skipped: ${workerdMissing})`}`, () => {
  it("a run's calls reach the host over HTTP with the secret; without it, the host answers nothing", async () => {
    const { channel, process, close } = await workerdOverTcp("codemode-cf-");
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
      await close();
    }
  });
});
