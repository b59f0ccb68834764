import { describe, expect, it } from "vitest";
import { escapeComment, jsdoc } from "../../src/emit/jsdoc.js";
import { camelCase, identifier, NameScope, propertyKey, typeIdentifier } from "../../src/emit/names.js";

describe("identifier", () => {
  it.each([
    ["get-user", "getUser"],
    ["API-get-user", "apiGetUser"],
    ["bitable.v1.appTable.create", "bitableV1AppTableCreate"],
    ["files/read.all", "filesReadAll"],
    ["with space", "withSpace"],
    ["3d-render", "_3dRender"],
    ["delete", "delete_"],
    ["function", "function_"],
    ["ünïcödé-tool", "ünïcödéTool"],
    ["getUser", "getUser"],
    ["__proto__", "proto"],
    ["---", "tool"],
  ])("%s → %s", (given, want) => expect(identifier(given)).toBe(want));

  it("PascalCases type names and never starts them with a digit", () => {
    expect(typeIdentifier("def0")).toBe("Def0");
    expect(typeIdentifier("2fa")).toBe("T2fa");
    expect(camelCase("HTTPServer")).toBe("hTTPServer");
  });
});

describe("propertyKey", () => {
  it.each([
    ["name", "name"],
    ["If-Match", '"If-Match"'],
    ["fill-opacity", '"fill-opacity"'],
    ["function", "function"],
    ["__proto__", '"__proto__"'],
    ["constructor", '"constructor"'],
    ["2fa", '"2fa"'],
    ["naïve", "naïve"],
    ['say "hi"', '"say \\"hi\\""'],
  ])("%s → %s", (given, want) => expect(propertyKey(given)).toBe(want));
});

describe("NameScope", () => {
  it("numbers collisions in claim order", () => {
    const scope = new NameScope(["reserved"]);
    expect(["getUser", "getUser", "reserved", "getUser"].map((name) => scope.claim(name))).toEqual([
      "getUser",
      "getUser2",
      "reserved2",
      "getUser3",
    ]);
  });
});

describe("jsdoc", () => {
  it("cannot be ended early by server text", () => {
    const doc = jsdoc(["ends */ here", "@default \"*/\""]);
    expect(doc.match(/\*\//g)).toHaveLength(1);
    expect(doc.trimEnd().endsWith("*/")).toBe(true);
    expect(escapeComment("a\r\nb  \n")).toBe("a\nb");
  });

  it("keeps short docs on one line and long ones on several", () => {
    expect(jsdoc(["Short.", "@default 1"])).toBe("/** Short. @default 1 */\n");
    expect(jsdoc(["Title", "Description"])).toBe("/**\nTitle\nDescription\n*/\n");
    expect(jsdoc([])).toBe("");
  });

  it("puts a long doc's lines flush left, without ` * ` (two tokens a line), unless all start with a star", () => {
    expect(jsdoc(["Steps:\n  - one\n\n  - two"], "  ")).toBe("  /**\nSteps:\n  - one\n\n  - two\n  */\n");
    // prettier would take these stars for the comment's own and re-indent them.
    expect(jsdoc(["* one\n* two"], "  ")).toBe("  /**\n   * * one\n   * * two\n   */\n");
  });
});
