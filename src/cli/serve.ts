import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { CodemodeError } from "../errors.js";
import { executorName } from "../runtime/create-executor.js";
import { createRuntime } from "../runtime/runtime.js";
import { serveHttp } from "../serve/http.js";
import { createServeServer } from "../serve/server.js";
import { positive } from "./flags.js";
import type { CliIo } from "./io.js";
import { configFor, type ExitCode, type ServeFlags } from "./options.js";

/** `codemode serve`: the configured servers as code mode, over stdio (default) or Streamable HTTP. */
export async function runServe(flags: ServeFlags, io: CliIo): Promise<ExitCode> {
  const config = await configFor(flags, io);
  const executor = flags.executor ? { executor: executorName(flags.executor, "--executor") } : {};
  const runtime = await createRuntime({ config, env: io.env, onWarning: (message) => io.stderr(`${message}\n`), ...executor });
  const options = flags["max-api-tokens"] ? { maxApiTokens: positive(flags["max-api-tokens"], "--max-api-tokens") } : {};
  const make = () => createServeServer(runtime, options);
  try {
    if (flags.http === undefined) {
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
      await (await make()).connect(transport);
      io.stderr(`codemode serve: ${config.servers.length} servers as code mode on stdio, runs in the ${runtime.executor} executor\n`);
      await closed;
      return 0;
    }
    const { host, port } = listenAddress(flags.http);
    const token = flags.token ?? io.env.CODEMODE_SERVE_TOKEN;
    const server = await serveHttp(make, { host, port, ...(token ? { token } : {}) });
    io.stderr(`codemode serve: ${config.servers.length} servers as code mode at ${server.url}${token ? " (bearer token required)" : ""}, runs in the ${runtime.executor} executor\n`);
    await new Promise<void>((resolve) => (io.onInterrupt ? io.onInterrupt(resolve) : undefined));
    await server.close();
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `--http 8080`, `--http 0.0.0.0:8080`, `--http [::1]:8080`; 127.0.0.1 unless told otherwise. */
export function listenAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new CodemodeError("USAGE", `--http ${value}: expected PORT or HOST:PORT`, { hint: "for example --http 8080 or --http 127.0.0.1:8080" });
  return { host: match[1] || "127.0.0.1", port };
}
