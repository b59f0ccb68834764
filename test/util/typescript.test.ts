// The built modules (dist/) in a process of their own where a fresh load matters, as the checkers' threads load them.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AgentTypeChecker } from "../../src/typecheck/checker.js";
import { libBundle, libCacheFile, reachableLibs } from "../../src/util/typescript.js";

const BUILT = pathToFileURL(path.resolve("dist/util/typescript.js")).href;

describe("TypeScript's libs for the checks", () => {
  it("a lib comes with every lib it references, transitively, once", () => {
    const all = new Map([
      ["lib.a.d.ts", '/// <reference lib="b" />\n/// <reference lib="C" />\ndeclare var a: 1;'],
      ["lib.b.d.ts", '/// <reference lib="a" />\ndeclare var b: 1;'],
      ["lib.c.d.ts", "declare var c: 1;"],
      ["lib.dom.d.ts", "declare var document: 1;"],
    ]);
    expect(Object.keys(reachableLibs(all, "lib.a.d.ts")).sort()).toEqual(["lib.a.d.ts", "lib.b.d.ts", "lib.c.d.ts"]);
    expect(reachableLibs(all, "lib.missing.d.ts")).toEqual({});
  });

  it("bundles a lib set into one file without its references, and refuses an unknown lib", () => {
    const es2022 = libBundle(["lib.es2022.d.ts"]);
    for (const declared of ["interface Array<T>", "interface PromiseConstructor", "at(index", "hasOwn(", "replaceAll(", "interface ClassDecoratorContext"]) expect(es2022).toContain(declared);
    expect(es2022).not.toContain("<reference");
    expect(es2022).not.toContain("interface Document");
    const small = libBundle(["lib.es5.d.ts", "lib.es2015.promise.d.ts"]);
    expect(small).toContain("interface PromiseConstructor");
    expect(small).not.toContain("replaceAll(");
    expect(() => libBundle(["lib.nothing.d.ts"])).toThrow("no TypeScript lib lib.nothing.d.ts");
  });

  it("agent code gets the whole ES2022 library, and no DOM", () => {
    const checker = new AgentTypeChecker("declare namespace api { function get(): Promise<string>; }");
    const modern = `const list = [3, 1, 2];
const last: number | undefined = list.at(-1);
const own: boolean = Object.hasOwn({ a: 1 }, "a");
const text: string = "a-b".replaceAll("-", "+");
const error = new Error("x", { cause: last });
const settled = await Promise.allSettled([api.get()]);
const grouped = new Map<string, number>(Object.entries({ a: 1 }));
return [own, text, error.cause, settled.length, grouped.size, 10n ** 2n, new Intl.NumberFormat("en").format(1)];`;
    expect(checker.check(modern)).toEqual([]);
    expect(checker.check("return document.title;")).toEqual([expect.objectContaining({ code: 2584 })]);
  });

  it("what the sandbox removes is not declared: SharedArrayBuffer, Atomics, WeakRef, FinalizationRegistry", () => {
    const checker = new AgentTypeChecker("");
    for (const code of ["return new SharedArrayBuffer(8);", "return Atomics.add;", "return new WeakRef({});", "return new FinalizationRegistry(() => {});"]) {
      expect(checker.check(code), code).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Cannot find name/) })]);
    }
    // What does exist there still type-checks.
    expect(checker.check("const buffer = new ArrayBuffer(8); return [new Uint8Array(buffer).byteLength, new WeakMap().has({})];")).toEqual([]);
  });

  it("a damaged cache of the libs is made again, and the libs are whole either way", async () => {
    const file = libCacheFile();
    expect(file).toBeDefined();
    const load = async () => (await promisify(execFile)(process.execPath, ["--input-type=module", "-e", `const { libBundle } = await import(${JSON.stringify(BUILT)}); console.log(libBundle(["lib.es2022.d.ts"]).length);`])).stdout.trim();
    const whole = await load();
    expect(Number(whole)).toBe(libBundle(["lib.es2022.d.ts"]).length);
    await writeFile(file!, '{"lib.es2022.d.ts": ');
    expect(await load()).toBe(whole);
    expect(JSON.parse(await readFile(file!, "utf8"))).toHaveProperty(["lib.es5.d.ts"]);
  });
});
