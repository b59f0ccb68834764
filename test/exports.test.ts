import { describe, expect, it } from "vitest";
import * as anthropic from "../src/adapters/anthropic.js";
import * as aiSdk from "../src/adapters/ai-sdk.js";
import * as openai from "../src/adapters/openai.js";
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

  it.each([
    { subpath: "ai-sdk", module: aiSdk, want: ["aiSdkTools"] },
    { subpath: "openai", module: openai, want: ["openaiTools"] },
    { subpath: "anthropic", module: anthropic, want: ["anthropicTools"] },
  ])("codemode/adapters/$subpath exports exactly $want", ({ module, want }) => {
    expect(Object.keys(module).sort()).toEqual(want);
  });
});
