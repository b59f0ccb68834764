import { COMPATIBILITY_DATE } from "./runner.js";

/**
 * Where the runner reaches the host: a Unix socket (the executor's), or a URL, as on Cloudflare,
 * where the runner calls `HOST_URL` with the secret (locally simulated over loopback).
 */
export type HostAddress = { socket: string } | { url: string };

/** Where one workerd process listens and whom it calls back, all inside the executor's private folder. */
export interface WorkerdConfigInput {
  /** The Unix socket workerd serves the runner on. */
  runSocket: string;
  host: HostAddress;
  /** The secret both sides present, shared only through this file (mode 0600 in a 0700 folder). */
  secret: string;
  /** The V8 heap limit of every isolate in the process, the runner's and each run's. */
  memoryMb: number;
}

const quote = (text: string) => JSON.stringify(text);

/**
 * workerd's Cap'n Proto config for one process: the runner worker (`runner.js` beside the
 * config) with a Worker Loader, the host as an external HTTP service over a Unix socket (or, in
 * the Cloudflare shape, a URL the runner alone may fetch, on loopback only), and the secret as a
 * text binding. The runner's own outbound network allows nothing else; dynamic workers get
 * `globalOutbound: null` from the runner.
 */
export function workerdConfig(input: WorkerdConfigInput): string {
  const bySocket = "socket" in input.host;
  const hostService = "socket" in input.host ? `\n    (name = "host", external = (address = ${quote(`unix:${input.host.socket}`)}, http = ())),` : "";
  const hostBinding = "socket" in input.host ? `(name = "HOST", service = "host")` : `(name = "HOST_URL", text = ${quote(input.host.url)})`;
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  v8Flags = [${quote(`--max-old-space-size=${input.memoryMb}`)}],
  services = [
    (name = "runner", worker = .runner),${hostService}
    (name = "nowhere", network = (allow = [])),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "run", address = ${quote(`unix:${input.runSocket}`)}, http = (), service = "runner")],
);

const runner :Workerd.Worker = (
  compatibilityDate = ${quote(COMPATIBILITY_DATE)},
  modules = [(name = "runner.js", esModule = embed "runner.js")],
  bindings = [
    (name = "LOADER", workerLoader = ()),
    ${hostBinding},
    (name = "SECRET", text = ${quote(input.secret)}),
  ],
  globalOutbound = ${quote(bySocket ? "nowhere" : "loopback")},
);
`;
}
