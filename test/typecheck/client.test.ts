import { describe, expect, it } from "vitest";
import { prestartTypeChecker, TypeCheckClient } from "../../src/typecheck/client.js";
import { typeBomb } from "../helpers/type-bomb.js";

const TYPINGS = "declare namespace api { function add(input: { a: number; b: number }): Promise<number>; }";

describe("the type checker's thread", () => {
  it("a thread started ahead serves the next client, given its typings late; the client after gets one of its own", async () => {
    // A thread, whether or not this install has the checker's snapshot (see snapshot.test.ts).
    prestartTypeChecker(null);
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

  it("a check whose time runs out while it waits its turn leaves, and the check that has the thread goes on", async () => {
    // About a second or more of checking.
    const slow = typeBomb(5);
    const client = new TypeCheckClient(TYPINGS);
    try {
      await client.check("return 1;");
      const running = client.check(slow, 60_000);
      const queued = client.check("return api.add({ a: 1, b: 2 });", 20);
      await expect(queued).rejects.toThrow("other runs' checks held the checker for the whole of this run's time");
      expect(await running).toEqual([]);
      expect(await client.check("return api.add({ a: 1, b: 2 });")).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("a check that runs out of time names the limit it was given, not what was left of it when it began", async () => {
    const client = new TypeCheckClient(TYPINGS);
    try {
      // The first check holds the thread while it starts: the second waits its turn, then runs alone.
      const first = client.check("return 1;");
      const bomb = client.check(typeBomb(400), 1500);
      await first;
      await expect(bomb).rejects.toThrow(/it took longer than 1500 ms$/);
    } finally {
      await client.close();
    }
  });
});
