/**
 * The one contract between a generated `index.js` shim (inside the sandbox) and the host
 * runtime that owns the MCP clients. The shim imports only types and constants from here,
 * so the bundled shim has no imports at all.
 */

/** The global function the runtime installs before loading shims: request JSON in, response JSON out. */
export const HOST_BINDING = "__codemodeHost";

/** The signature of {@link HOST_BINDING}. Strings cross the boundary, never objects. */
export type HostBinding = (request: string) => Promise<string>;

/** What a shim asks the host to do. `args` is the agent's argument object. */
export type HostRequest =
  | { kind: "tool"; server: string; name: string; args: Record<string, unknown> }
  | { kind: "resource"; server: string; uri: string }
  | { kind: "prompt"; server: string; name: string; args: Record<string, string> };

/**
 * The host's answer. `value` is the raw MCP result (`CallToolResult`, `ReadResourceResult`,
 * `GetPromptResult`); the shim shapes it. `error` is a transport or validation failure.
 */
export type HostResponse = { ok: true; value: unknown } | { ok: false; error: { message: string; code?: string } };

/** Everything a shim needs to build one server's namespace, emitted as JSON into `index.js`. */
export interface ShimSpec {
  /** The server's config name, sent to the host. */
  server: string;
  /** The global the namespace is installed as. */
  namespace: string;
  /** `[function name, MCP tool name, resolves to structuredContent]`. */
  tools: [string, string, boolean][];
  /** Whether `resources.read(uri)` exists. */
  read: boolean;
  /** `[function name, URI template]`. */
  templates: [string, string][];
  /** `[function name, MCP prompt name]`. */
  prompts: [string, string][];
}
