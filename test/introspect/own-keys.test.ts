import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { sortKeys } from "../../src/snapshot/canonical.js";

/** Keys a server may send that name what `Object.prototype` has: each must stay an own property of the canonical copy. */
const LISTING = '{"b":1,"__proto__":{"polluted":true},"constructor":"c","toString":"t","a":{"hasOwnProperty":2}}';

describe("canonical copies keep every key as an own property", () => {
  it("__proto__ stays a key, not a prototype, and the others land in order", () => {
    const copy = sortKeys(JSON.parse(LISTING)) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(["__proto__", "a", "b", "constructor", "toString"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("also in a host that froze Object.prototype (as SES does), where assigning `constructor` throws", () => {
    const canonical = pathToFileURL(path.resolve("src/snapshot/canonical.ts")).href;
    const script = `Object.freeze(Object.prototype);
const { sortKeys } = await import(${JSON.stringify(canonical)});
console.log(JSON.stringify(Object.entries(sortKeys(JSON.parse(${JSON.stringify(LISTING)})))));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual([["__proto__", { polluted: true }], ["a", { hasOwnProperty: 2 }], ["b", 1], ["constructor", "c"], ["toString", "t"]]);
  });
});
