/**
 * Strips the sandbox process's own realm before any agent code runs, so that code which escaped
 * the `vm` context finds nothing to use there: Node's globals go (only ECMAScript's stay), and
 * the process object loses every method that reaches outside the process (signals, native
 * modules, builtin modules, IPC, debugger). Code generation from strings is already off for this
 * realm (`--disallow-code-generation-from-strings`), so `import()` cannot be written either.
 */

/** The globals ECMAScript defines (and V8's `globalThis`): every other global is Node's and is removed. */
export const STANDARD_GLOBALS: ReadonlySet<string | symbol> = new Set<string | symbol>([
  "globalThis", "Infinity", "NaN", "undefined", "eval", "isFinite", "isNaN", "parseFloat", "parseInt",
  "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
  "AggregateError", "Array", "ArrayBuffer", "BigInt", "BigInt64Array", "BigUint64Array", "Boolean", "DataView", "Date",
  "Error", "EvalError", "Float32Array", "Float64Array", "Function", "Int8Array", "Int16Array", "Int32Array", "Map",
  "Number", "Object", "Promise", "Proxy", "RangeError", "ReferenceError", "Reflect", "RegExp", "Set", "String",
  "Symbol", "SyntaxError", "TypeError", "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "URIError",
  "WeakMap", "WeakSet", "JSON", "Math", "Intl",
]);

/**
 * What the process object keeps: the read-only facts Node's own code reads, and the exit path.
 * Everything else (kill, _kill, getBuiltinModule, binding, _linkedBinding, dlopen, send, chdir,
 * setuid, _debugProcess, …) is deleted: an allow-list, so a method added by a later Node is
 * removed too.
 */
const PROCESS_KEEP = new Set<string | symbol>([
  "version", "versions", "arch", "platform", "release", "execArgv", "argv", "argv0", "execPath", "pid", "ppid",
  "env", "config", "features", "title", "exitCode", "exit", "reallyExit", "nextTick", "emitWarning", "emit", "on",
  "once", "off", "addListener", "removeListener", "removeAllListeners", "listeners", "listenerCount", "prependListener",
  "prependOnceListener", "rawListeners", "eventNames", "getMaxListeners", "setMaxListeners", "_events", "_eventsCount",
  "_maxListeners", "_exiting", "domain", "_tickCallback", "hrtime", "uptime", "memoryUsage", "cwd",
  "stdin", "stdout", "stderr", "allowedNodeEnvironmentFlags", "permission", "sourceMapsEnabled",
  "setSourceMapsEnabled", "constrainedMemory", "availableMemory", "noDeprecation", "throwDeprecation",
  "traceDeprecation", "moduleLoadList", "_fatalException",
]);

/** Removes Node's globals and the process object's outward methods. Returns what was removed, for tests. */
export function hardenRealm(): { globals: string[]; process: string[] } {
  const removed = { globals: [] as string[], process: [] as string[] };
  const proc = process as unknown as Record<string | symbol, unknown>;
  for (const key of Reflect.ownKeys(proc)) {
    // Symbol keys are EventEmitter's bookkeeping, not ways out.
    if (PROCESS_KEEP.has(key) || typeof key === "symbol") continue;
    if (Reflect.deleteProperty(proc, key) || Reflect.defineProperty(proc, key, { value: undefined, writable: false, configurable: false })) removed.process.push(String(key));
  }
  proc.env = Object.freeze({});
  const global = globalThis as unknown as Record<string | symbol, unknown>;
  for (const key of Reflect.ownKeys(global)) {
    if (STANDARD_GLOBALS.has(key)) continue;
    if (Reflect.deleteProperty(global, key)) removed.globals.push(String(key));
  }
  return removed;
}
