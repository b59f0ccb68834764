import { describe, expect, it } from "vitest";
import { prestartTypeChecker, TypeCheckClient } from "../../src/typecheck/client.js";

const TYPINGS = "declare namespace api { function add(input: { a: number; b: number }): Promise<number>; }";

describe("the type checker's thread", () => {
  it("a thread started ahead serves the next client, given its typings late; the client after gets one of its own", async () => {
    prestartTypeChecker();
    let give: (typings: string) => void = () => {};
    const first = new TypeCheckClient(new Promise<string>((resolve) => (give = resolve)));
    setTimeout(() => give(TYPINGS), 50);
    const second = new TypeCheckClient(TYPINGS);
    try {
      expect(await first.check('return api.add({ a: 1, b: "2" });')).toEqual([expect.objectContaining({ line: 1, code: 2322 })]);
      expect(await second.check("return api.add({ a: 1, b: 2 });")).toEqual([]);
      expect(await first.check("return api.add({ a: 1, b: 2 });")).toEqual([]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
