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
      "codemodeTool",
      "collectListings",
      "configFromObject",
      "createRuntime",
      "createServeServer",
      "defineConfig",
      "diagnoseIsolation",
      "diff",
      "diffFiles",
      "emitFiles",
      "executeResult",
      "findClientConfigs",
      "generate",
      "init",
      "loadConfig",
      "promptDigest",
      "promptTypings",
      "runCli",
      "serveHttp",
      "signIn",
      "signOut",
      "watchGenerate",
    ]);
  });
});
