// codemode is a Node library: its types name Node's (\`NodeJS.ProcessEnv\`, streams), and so do the MCP
// SDK's. Kept in the emitted index.d.ts, so a project with \`"types": []\` (tsc --init's default)
// still compiles against them; @types/node is a dependency for that reason.
/// <reference types="node" preserve="true" />
export { defineConfig } from "./config/types.js";
export type { CodemodeConfig, ServerConfig, StdioServerConfig, RemoteServerConfig, SnapshotServerConfig, ResolvedConfig } from "./config/types.js";
export { loadConfig, configFromObject } from "./config/load.js";
export { check, generate } from "./generate.js";
export { promptDigest, promptTypings } from "./prompt/prompt.js";
export type { Digest } from "./prompt/prompt.js";
export { watchGenerate } from "./watch/watch.js";
export type { WatchEvent, WatchOptions } from "./watch/watch.js";
export type { GenerateOptions, GenerateResult, Stage } from "./generate.js";
export { collectListings } from "./sources.js";
export { diff, diffFiles } from "./semver/diff.js";
export { init, findClientConfigs } from "./init/init.js";
export type { InitOptions, InitResult } from "./init/init.js";
export type { DiffResult } from "./semver/diff.js";
export { signIn } from "./auth/sign-in.js";
export type { SignInOptions, SignInResult } from "./auth/sign-in.js";
export { signOut } from "./auth/sign-out.js";
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
export { createRuntime } from "./runtime/runtime.js";
export type { Runtime, RuntimeOptions, RunOptions, RunResult, LogEntry } from "./runtime/runtime.js";
export type { AgentError } from "./runtime/agent-error.js";
export type { CallRecord } from "./runtime/dispatcher.js";
export { codemodeTool, executeResult } from "./model/tool.js";
export type { CodemodeTool, CodemodeToolOptions, ExecuteResult } from "./model/tool.js";
