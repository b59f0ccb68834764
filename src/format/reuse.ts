/**
 * Skips formatting and compiling an API that did not change since the output folder was
 * written. Each package's `package.json` records a fingerprint of what its typings and shim
 * were made from (the unformatted namespace, the shim's sources, codemode's version, the format
 * options) and of what was written (the formatted namespace, the bundled shim). A package is
 * reused only when the fingerprint of what generate would start from, joined with the text read
 * back from its files, gives the recorded one: an edited or damaged file is made again.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { packageTypings } from "../emit/layout.js";
import type { ServerApi } from "../emit/server.js";
import { shimFile } from "../emit/shim.js";
import { CODEMODE_VERSION } from "../version.js";
import { FORMAT_OPTIONS } from "./options.js";

/** The files the bundled shim is made from (see `bundleShim`). */
export const SHIM_SOURCES = ["../../templates/shim.ts", "../../src/protocol.ts"].map((file) => fileURLToPath(new URL(file, import.meta.url)));
/** Stands for the text to read back between what a file's layout puts around it. */
const HOLE = "\u0000codemode-hole\u0000";

let shimSources: Promise<string> | undefined;

/** What every API's output depends on besides its namespace: codemode's version, the format options, the shim's sources. */
function baseFingerprint(): Promise<string> {
  shimSources ??= Promise.all(SHIM_SOURCES.map((file) => readFile(file, "utf8").catch(() => ""))).then((texts) =>
    hash([CODEMODE_VERSION, JSON.stringify(FORMAT_OPTIONS), ...texts]),
  );
  return shimSources;
}

/** A package's fingerprint: what its namespace was made from (`source`, unformatted) and what was written. */
export async function fingerprint(source: string, formatted: string, shim: string): Promise<string> {
  return `sha256-${hash([await baseFingerprint(), source, formatted, shim])}`;
}

/** An API and shim read back from a package whose fingerprint held. */
export interface Reused {
  api: ServerApi;
  shim: string;
  fingerprint: string;
}

/**
 * For each unformatted API, its formatted form and the bundled shim read back from the output
 * folder when the package's recorded fingerprint vouches for them, else undefined.
 */
export function reusePackages(outDir: string, apis: ServerApi[]): Promise<(Reused | undefined)[]> {
  return Promise.all(apis.map((api) => reusePackage(outDir, api).catch(() => undefined)));
}

async function reusePackage(outDir: string, api: ServerApi): Promise<Reused | undefined> {
  const dir = path.join(outDir, api.spec.server);
  const [pkg, typings, shimText] = await Promise.all(["package.json", "index.d.ts", "index.js"].map((file) => readFile(path.join(dir, file), "utf8")));
  const recorded = (JSON.parse(pkg!) as { codemode?: { fingerprint?: unknown } }).codemode?.fingerprint;
  if (typeof recorded !== "string") return undefined;
  const block = between(typings!, packageTypings(api.spec.server, { ...api, block: HOLE }));
  const shim = between(shimText!, shimFile(HOLE, api.spec));
  if (block === undefined || shim === undefined) return undefined;
  const found = await fingerprint(api.block, block, shim);
  return found === recorded ? { api: { ...api, block }, shim, fingerprint: found } : undefined;
}

/** The text of `file` where `layout` has its hole, when the rest matches exactly. */
function between(file: string, layout: string): string | undefined {
  const [before, after] = layout.split(HOLE) as [string, string];
  if (file.length < before.length + after.length || !file.startsWith(before) || !file.endsWith(after)) return undefined;
  return file.slice(before.length, file.length - after.length);
}

function hash(parts: string[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(`${part.length}:`).update(part);
  return digest.digest("hex");
}

/**
 * Whether every named package in the output folder records a fingerprint, read before the APIs
 * are made: when one does not, it will surely be compiled, so the compiler can start loading
 * at once. (A recorded fingerprint may still not match; that is found later.)
 */
export async function allFingerprinted(outDir: string, servers: string[]): Promise<boolean> {
  const recorded = await Promise.all(
    servers.map((server) =>
      readFile(path.join(outDir, server, "package.json"), "utf8").then(
        (text) => text.includes('"fingerprint"'),
        () => false,
      ),
    ),
  );
  return recorded.every(Boolean);
}
