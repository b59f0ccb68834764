// codemode is a Node library: its types name Node's (\`NodeJS.ProcessEnv\`, streams), and so do the MCP
// SDK's. Kept in the emitted index.d.ts, so a project with \`"types": []\` (tsc --init's default)
// still compiles against them; @types/node is a dependency for that reason.
/// <reference types="node" preserve="true" />
// The entry every config file imports (for `defineConfig`): the generator, the runtime, the MCP
// client and the auth flow load on the first call of their async entry points, not with it.
export { defineConfig } from "./config/types.js";
export type { CodemodeConfig, ServerConfig, StdioServerConfig, RemoteServerConfig, SnapshotServerConfig, ResolvedConfig } from "./config/types.js";
export { loadConfig, configFromObject } from "./config/load.js";
/** See `check` in `generate.ts`; loaded on the first call. */
export const check: typeof import("./generate.js").check = async (...args) => (await import("./generate.js")).check(...args);
/** See `generate` in `generate.ts`; loaded on the first call. */
export const generate: typeof import("./generate.js").generate = async (...args) => (await import("./generate.js")).generate(...args);
export { promptDigest } from "./prompt/prompt.js";
/** See `promptTypings` in `prompt/prompt.ts`; loaded on the first call. */
export const promptTypings: typeof import("./prompt/prompt.js").promptTypings = async (...args) => (await import("./prompt/prompt.js")).promptTypings(...args);
export type { Digest } from "./prompt/prompt.js";
/** See `watchGenerate` in `watch/watch.ts`; loaded on the first call. */
export const watchGenerate: typeof import("./watch/watch.js").watchGenerate = async (...args) => (await import("./watch/watch.js")).watchGenerate(...args);
export type { WatchEvent, WatchOptions } from "./watch/watch.js";
export type { GenerateOptions, GenerateResult, Stage } from "./generate.js";
/** See `collectListings` in `sources.ts`; loaded on the first call. */
export const collectListings: typeof import("./sources.js").collectListings = async (...args) => (await import("./sources.js")).collectListings(...args);
/** See `diff` in `semver/diff.ts`; loaded on the first call. */
export const diff: typeof import("./semver/diff.js").diff = async (...args) => (await import("./semver/diff.js")).diff(...args);
/** See `diffFiles` in `semver/diff.ts`; loaded on the first call. */
export const diffFiles: typeof import("./semver/diff.js").diffFiles = async (...args) => (await import("./semver/diff.js")).diffFiles(...args);
export { init, findClientConfigs } from "./init/init.js";
export type { InitOptions, InitResult } from "./init/init.js";
export type { DiffResult } from "./semver/diff.js";
/** See `signIn` in `auth/sign-in.ts`; loaded on the first call. */
export const signIn: typeof import("./auth/sign-in.js").signIn = async (...args) => (await import("./auth/sign-in.js")).signIn(...args);
export type { SignInOptions, SignInResult } from "./auth/sign-in.js";
/** See `signOut` in `auth/sign-out.ts`; loaded on the first call. */
export const signOut: typeof import("./auth/sign-out.js").signOut = async (...args) => (await import("./auth/sign-out.js")).signOut(...args);
export type { SignOutResult } from "./auth/sign-out.js";
export { authStatus } from "./auth/status.js";
export type { AuthStatus } from "./auth/status.js";
export { classifyChanges } from "./semver/classify.js";
export type { ApiChange, Level } from "./semver/classify.js";
export { emitFiles } from "./emit/emit.js";
export type { EmittedFile, EmitResult } from "./emit/emit.js";
export { CodemodeError } from "./errors.js";
export type { CodemodeErrorCode, ErrorLocation } from "./errors.js";
export type { Snapshot, ServerListing, ToolInfo } from "./snapshot/types.js";
export { HOST_BINDING } from "./protocol.js";
export type { HostBinding, HostRequest, HostResponse, ShimSpec } from "./protocol.js";
export { runCli } from "./cli/main.js";
/** See `createRuntime` in `runtime/runtime.ts`; loaded on the first call. */
export const createRuntime: typeof import("./runtime/runtime.js").createRuntime = async (...args) => (await import("./runtime/runtime.js")).createRuntime(...args);
export type { Runtime, RuntimeOptions, RunOptions, RunResult, LogEntry } from "./runtime/runtime.js";
export type { AgentError } from "./runtime/agent-error.js";
export type { CallRecord } from "./runtime/dispatcher.js";
export type { ApprovalHandler, ApprovalRequest } from "./runtime/dispatcher.js";
export type { TypeDiagnostic } from "./typecheck/checker.js";
export type { Policy, ServerPolicy } from "./policy/policy.js";
export type { IsolationLevel } from "./runtime/isolation.js";
export { diagnoseIsolation } from "./runtime/doctor.js";
export type { IsolationLayer, IsolationReport } from "./runtime/doctor.js";
export { codemodeTool, executeResult } from "./model/tool.js";
export type { CodemodeTool, CodemodeToolOptions, ExecuteResult } from "./model/tool.js";
/** See `createServeServer` in `serve/server.ts`; loaded on the first call. */
export const createServeServer: typeof import("./serve/server.js").createServeServer = async (...args) => (await import("./serve/server.js")).createServeServer(...args);
export type { ServeOptions } from "./serve/server.js";
/** See `serveHttp` in `serve/http.ts`; loaded on the first call. */
export const serveHttp: typeof import("./serve/http.js").serveHttp = async (...args) => (await import("./serve/http.js")).serveHttp(...args);
export type { HttpServeOptions } from "./serve/http.js";
export type { SearchHit } from "./search/index.js";
