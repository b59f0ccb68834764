import { COMPATIBILITY_DATE } from "./runner.js";

/** Where one workerd process listens and whom it calls back, all inside the executor's private folder. */
export interface WorkerdConfigInput {
  /** The Unix socket workerd serves the runner on. */
  runSocket: string;
  /** The Unix socket of the host's call channel. */
  hostSocket: string;
  /** The secret both sides present, shared only through this file (mode 0600 in a 0700 folder). */
  secret: string;
  /** The V8 heap limit of every isolate in the process, the runner's and each run's. */
  memoryMb: number;
}

const quote = (text: string) => JSON.stringify(text);

/**
 * workerd's Cap'n Proto config for one process: the runner worker (`runner.js` beside the
 * config) with a Worker Loader, the host as an external HTTP service over a Unix socket, and the
 * secret as a text binding. The runner's own outbound network is a service that allows nothing;
 * dynamic workers get `globalOutbound: null` from the runner.
 */
export function workerdConfig(input: WorkerdConfigInput): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  v8Flags = [${quote(`--max-old-space-size=${input.memoryMb}`)}],
  services = [
    (name = "runner", worker = .runner),
    (name = "host", external = (address = ${quote(`unix:${input.hostSocket}`)}, http = ())),
    (name = "nowhere", network = (allow = [])),
  ],
  sockets = [(name = "run", address = ${quote(`unix:${input.runSocket}`)}, http = (), service = "runner")],
);

const runner :Workerd.Worker = (
  compatibilityDate = ${quote(COMPATIBILITY_DATE)},
  modules = [(name = "runner.js", esModule = embed "runner.js")],
  bindings = [
    (name = "LOADER", workerLoader = ()),
    (name = "HOST", service = "host"),
    (name = "SECRET", text = ${quote(input.secret)}),
  ],
  globalOutbound = "nowhere",
);
`;
}
