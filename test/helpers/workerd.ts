import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { HostChannel } from "../../src/runtime/workerd/host-channel.js";
import { locateWorkerd } from "../../src/runtime/workerd/locate.js";
import { runnerModuleSource } from "../../src/runtime/workerd/runner.js";
import { WorkerdProcess } from "../../src/runtime/workerd/workerd-process.js";

/** A workerd process running codemode's runner, and the host's channel to it over loopback TCP (the Cloudflare shape), started as the executor starts them. */
export interface WorkerdOverTcp {
  secret: string;
  channel: HostChannel;
  process: WorkerdProcess;
  /** Stops the process and the channel, and removes the folder. */
  close: () => Promise<void>;
}

export async function workerdOverTcp(prefix: string): Promise<WorkerdOverTcp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const secret = randomBytes(32).toString("hex");
  const channel = new HostChannel({ port: 0 }, secret, 2 ** 20);
  if (!(await channel.listening)) throw new Error("the host channel did not listen");
  await writeFile(path.join(dir, "runner.js"), runnerModuleSource());
  const binary = locateWorkerd();
  if (!binary.found) throw new Error(binary.why);
  const process = new WorkerdProcess({ binary: binary.path, dir, secret, host: channel.address(), channelUp: channel.listening }, 64);
  return {
    secret,
    channel,
    process,
    close: async () => {
      process.kill();
      channel.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
