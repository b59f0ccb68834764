import { describe, expect, it } from "vitest";
import * as codemode from "../src/index.js";

describe("the public API", () => {
  it("exports exactly these values", () => {
    expect(Object.keys(codemode).sort()).toEqual([
      "CodemodeError",
      "HOST_BINDING",
      "collectListings",
      "configFromObject",
      "createRuntime",
      "defineConfig",
      "emitFiles",
      "generate",
      "loadConfig",
      "promptTypings",
      "runCli",
    ]);
  });
});
