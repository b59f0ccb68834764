import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ResponseIdScanner } from "../../src/introspect/response-id.js";

/** The id the scanner finds in `text`, fed in pieces cut at `cuts`. */
function scan(text: string, cuts: number[] = []): string | number | undefined {
  const scanner = new ResponseIdScanner();
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(text.slice(from, cut));
    from = cut;
  }
  scanner.push(text.slice(from));
  return scanner.id;
}

describe("the id of a response too large to parse", () => {
  it("is found wherever it sits among the members, as JSON.parse reads it", () => {
    expect(scan('{"result":{"content":[{"type":"text","text":"x"}]},"jsonrpc":"2.0","id":17}')).toBe(17);
    expect(scan('{"jsonrpc":"2.0","id":"req-\\"7\\"","result":{}}')).toBe('req-"7"');
    expect(scan('{ "jsonrpc" : "2.0" , "id" : -3 , "error" : { "code" : 1 } }')).toBe(-3);
    // An escaped key is the same key.
    expect(scan('{"\\u0069d":4,"result":{}}')).toBe(4);
    // A repeated key: the last one, as JSON.parse takes it.
    expect(scan('{"id":1,"result":{},"id":2}')).toBe(2);
  });

  it("is not an id nested in the result, nor a request's or notification's", () => {
    expect(scan('{"result":{"id":5,"items":[{"id":6}]},"jsonrpc":"2.0"}')).toBeUndefined();
    expect(scan('{"jsonrpc":"2.0","id":9,"method":"sampling/createMessage","params":{}}')).toBeUndefined();
    expect(scan('{"method":"notifications/message","params":{"id":3}}')).toBeUndefined();
    expect(scan('{"id":{"a":1},"result":{}}')).toBeUndefined();
    expect(scan('{"id":true,"result":{}}')).toBeUndefined();
    expect(scan("x".repeat(1000))).toBeUndefined();
    expect(scan('{"id":' + "1".repeat(10_000) + "}")).toBeUndefined();
  });

  it("agrees with JSON.parse for any response, cut anywhere", () => {
    const id = fc.oneof(fc.integer(), fc.string({ maxLength: 20 }));
    const response = fc.record({ jsonrpc: fc.constant("2.0"), id, result: fc.jsonValue() });
    fc.assert(
      fc.property(response, fc.array(fc.nat()), fc.boolean(), (message, cuts, idFirst) => {
        const { id: expected, ...rest } = message;
        const text = JSON.stringify(idFirst ? { id: expected, ...rest } : { ...rest, id: expected });
        expect(scan(text, cuts.map((cut) => cut % (text.length + 1)))).toEqual(JSON.parse(text).id);
      }),
    );
  });
});
