import path from "node:path";
import { CodemodeError } from "../errors.js";
import { editDistance } from "../util/edit-distance.js";
import { nearest } from "../util/suggest.js";
import type { Policy } from "../policy/policy.js";
import { EXECUTOR_NAMES, isExecutorName } from "../runtime/executor.js";
import { DEFAULT_OUT_DIR, DEFAULT_SCOPE, DEFAULT_TIMEOUT_MS, type RemoteServerConfig, type ResolvedConfig, type ResolvedServer } from "./types.js";

const TOP_KEYS = ["outDir", "scope", "timeoutMs", "servers", "import", "hooks", "policy", "executor"];
const POLICY_KEYS = ["allow", "deny", "approve"];
const STDIO_KEYS = ["command", "args", "env", "cwd", "timeoutMs"];
const REMOTE_KEYS = ["url", "headers", "transport", "timeoutMs", "oauth"];
const OAUTH_KEYS = ["clientId", "clientSecret", "scope", "callbackPort"];
const SNAPSHOT_KEYS = ["snapshot"];

type Json = Record<string, unknown>;
/** Records one problem against a config key. */
type Problem = (key: string, text: string) => number;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
const isStringRecord = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every((item) => typeof item === "string");
const isPositiveInt = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value > 0;

/**
 * Checks a loaded config and resolves it. Every problem is collected and reported in one
 * error, each naming the file and the key, so a user fixes them all in one pass.
 */
export function resolveConfig(raw: unknown, file: string | undefined, rootDir: string, where = file ?? "config"): ResolvedConfig {
  const problems: string[] = [];
  const problem: Problem = (key, text) => problems.push(`${where}: ${key}: ${text}`);

  if (!isObject(raw)) {
    throw new CodemodeError("CONFIG_INVALID", `${where}: the config must be an object with a "servers" map`);
  }
  checkUnknownKeys(raw, TOP_KEYS, "", problem);
  if (raw.outDir !== undefined && typeof raw.outDir !== "string") problem("outDir", "must be a string");
  if (raw.scope !== undefined && (typeof raw.scope !== "string" || !/^@[a-z0-9][\w.-]*$/.test(raw.scope))) {
    problem("scope", 'must be an npm scope such as "@codemode"');
  }
  if (raw.timeoutMs !== undefined && !isPositiveInt(raw.timeoutMs)) problem("timeoutMs", "must be a positive integer");
  if (raw.import !== undefined && !isStringArray(raw.import)) problem("import", "must be an array of paths to MCP client configs");
  const hooks = isObject(raw.hooks) ? raw.hooks : {};
  if (raw.hooks !== undefined && !isObject(raw.hooks)) problem("hooks", "must be an object such as { afterWrite: [\"…\"] }");
  checkUnknownKeys(hooks, ["afterWrite"], "hooks", problem);
  if (hooks.afterWrite !== undefined && !isStringArray(hooks.afterWrite)) problem("hooks.afterWrite", "must be an array of shell commands");
  const timeoutMs = isPositiveInt(raw.timeoutMs) ? raw.timeoutMs : DEFAULT_TIMEOUT_MS;
  if (raw.executor !== undefined && !isExecutorName(raw.executor)) {
    const meant = typeof raw.executor === "string" ? nearest(raw.executor, EXECUTOR_NAMES) : undefined;
    problem("executor", `must be one of ${EXECUTOR_NAMES.map((name) => JSON.stringify(name)).join(", ")}${meant ? `; did you mean "${meant}"?` : ""}`);
  }

  const servers: ResolvedServer[] = [];
  if (!isObject(raw.servers)) {
    problem("servers", "must be an object mapping names to server entries");
  } else {
    for (const name of Object.keys(raw.servers).sort()) {
      if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) {
        problem(`servers.${name}`, "a server name may hold letters, digits, '_', '-' and '.', and starts with a letter or digit");
      }
      const server = resolveServer(name, raw.servers[name], rootDir, timeoutMs, problem);
      if (server) servers.push(server);
    }
  }
  const policy = checkPolicy(raw.policy, servers.map((server) => server.name), problem);
  if (problems.length > 0) {
    throw new CodemodeError("CONFIG_INVALID", `${where} has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, { problems });
  }
  return {
    file,
    rootDir,
    outDir: path.resolve(rootDir, typeof raw.outDir === "string" ? raw.outDir : DEFAULT_OUT_DIR),
    scope: typeof raw.scope === "string" ? raw.scope : DEFAULT_SCOPE,
    timeoutMs,
    servers,
    hooks: { afterWrite: isStringArray(hooks.afterWrite) ? hooks.afterWrite : [] },
    imports: [],
    policy,
    ...(isExecutorName(raw.executor) ? { executor: raw.executor } : {}),
  };
}

/** `policy: { server | "*": { allow?, deny?, approve? } }`, each a list of strings; unknown servers named. */
function checkPolicy(raw: unknown, servers: string[], problem: Problem): Policy {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problem("policy", 'must map server names (or "*") to { allow, deny, approve }');
    return {};
  }
  for (const [server, entry] of Object.entries(raw)) {
    const key = `policy.${server}`;
    if (server !== "*" && !servers.includes(server)) {
      const near = servers.find((name) => editDistance(name, server) <= 2);
      problem(key, `no server "${server}"${near ? ` (did you mean "${near}"?)` : ""}`);
    }
    if (!isObject(entry)) {
      problem(key, "must be an object such as { deny: [\"delete_*\"] }");
      continue;
    }
    checkUnknownKeys(entry, POLICY_KEYS, key, problem);
    for (const list of POLICY_KEYS) {
      if (entry[list] !== undefined && !isStringArray(entry[list])) problem(`${key}.${list}`, "must be an array of tool-name globs or destructive, openWorld, write");
    }
  }
  return raw as Policy;
}

function resolveServer(
  name: string,
  entry: unknown,
  rootDir: string,
  defaultTimeout: number,
  problem: Problem,
): ResolvedServer | undefined {
  const key = `servers.${name}`;
  if (!isObject(entry)) {
    problem(key, "must be an object with command, url or snapshot");
    return undefined;
  }
  const kinds = (["command", "url", "snapshot"] as const).filter((k) => entry[k] !== undefined);
  if (kinds.length !== 1) {
    if (kinds.length === 0) checkUnknownKeys(entry, [...new Set([...STDIO_KEYS, ...REMOTE_KEYS, ...SNAPSHOT_KEYS])], key, problem);
    problem(key, kinds.length === 0 ? "needs one of command, url or snapshot" : `has ${kinds.join(" and ")}; pick one`);
    return undefined;
  }
  let clean = true;
  const fail: Problem = (k, text) => {
    clean = false;
    return problem(k, text);
  };
  const timeoutMs = entry.timeoutMs === undefined ? defaultTimeout : entry.timeoutMs;
  if (entry.timeoutMs !== undefined && !isPositiveInt(entry.timeoutMs)) fail(`${key}.timeoutMs`, "must be a positive integer");

  if (kinds[0] === "command") {
    checkUnknownKeys(entry, STDIO_KEYS, key, fail);
    if (typeof entry.command !== "string" || entry.command === "") fail(`${key}.command`, "must be a non-empty string");
    if (entry.args !== undefined && !isStringArray(entry.args)) fail(`${key}.args`, "must be an array of strings");
    if (entry.env !== undefined && !isStringRecord(entry.env)) fail(`${key}.env`, "must map names to strings");
    if (entry.cwd !== undefined && typeof entry.cwd !== "string") fail(`${key}.cwd`, "must be a string");
    if (!clean) return undefined;
    return {
      name,
      kind: "stdio",
      command: entry.command as string,
      args: (entry.args as string[] | undefined) ?? [],
      env: (entry.env as Record<string, string> | undefined) ?? {},
      cwd: path.resolve(rootDir, (entry.cwd as string | undefined) ?? "."),
      timeoutMs: timeoutMs as number,
    };
  }
  if (kinds[0] === "url") {
    checkUnknownKeys(entry, REMOTE_KEYS, key, fail);
    if (typeof entry.url !== "string" || !/^https?:\/\//.test(entry.url)) fail(`${key}.url`, "must be an http(s) URL");
    if (entry.headers !== undefined && !isStringRecord(entry.headers)) fail(`${key}.headers`, "must map names to strings");
    if (entry.transport !== undefined && entry.transport !== "http" && entry.transport !== "sse") {
      fail(`${key}.transport`, 'must be "http" or "sse"');
    }
    checkOAuth(entry.oauth, `${key}.oauth`, fail);
    if (!clean) return undefined;
    const server: ResolvedServer = {
      name,
      kind: "remote",
      url: entry.url as string,
      headers: (entry.headers as Record<string, string> | undefined) ?? {},
      timeoutMs: timeoutMs as number,
    };
    if (entry.transport !== undefined) server.transport = entry.transport as "http" | "sse";
    if (entry.oauth !== undefined) server.oauth = entry.oauth as NonNullable<RemoteServerConfig["oauth"]>;
    return server;
  }
  checkUnknownKeys(entry, SNAPSHOT_KEYS, key, problem);
  if (typeof entry.snapshot !== "string" || entry.snapshot === "") {
    fail(`${key}.snapshot`, "must be a path to a JSON file");
    return undefined;
  }
  return { name, kind: "snapshot", snapshot: path.resolve(rootDir, entry.snapshot) };
}

function checkOAuth(oauth: unknown, key: string, problem: Problem) {
  if (oauth === undefined) return;
  if (!isObject(oauth)) {
    problem(key, "must be an object such as { clientId: \"…\" }");
    return;
  }
  checkUnknownKeys(oauth, OAUTH_KEYS, key, problem);
  for (const field of ["clientId", "clientSecret", "scope"]) {
    if (oauth[field] !== undefined && typeof oauth[field] !== "string") problem(`${key}.${field}`, "must be a string");
  }
  const port = oauth.callbackPort;
  if (port !== undefined && !(isPositiveInt(port) && port < 65536)) problem(`${key}.callbackPort`, "must be a port number (1-65535)");
}

function checkUnknownKeys(entry: Json, known: string[], prefix: string, problem: Problem) {
  for (const key of Object.keys(entry)) {
    if (known.includes(key)) continue;
    const near = known.find((candidate) => editDistance(candidate, key) <= 2);
    problem(prefix ? `${prefix}.${key}` : key, `unknown key${near ? ` (did you mean "${near}"?)` : ""}`);
  }
}
