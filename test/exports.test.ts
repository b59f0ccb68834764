import { describe, expect, it } from "vitest";
import * as codemode from "../src/index.js";

describe("the public API", () => {
  it("exports exactly these values", () => {
    expect(Object.keys(codemode).sort()).toEqual([
      "CodemodeError",
      "HOST_BINDING",
      "authStatus",
      "check",
      "classifyChanges",
      "collectListings",
      "configFromObject",
      "createRuntime",
      "defineConfig",
      "diff",
      "diffFiles",
      "emitFiles",
      "findClientConfigs",
      "generate",
      "init",
      "loadConfig",
      "promptDigest",
      "promptTypings",
      "runCli",
      "signIn",
      "signOut",
      "watchGenerate",
    ]);
  });
});
