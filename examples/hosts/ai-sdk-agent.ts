import { generateText, isStepCount } from "ai";
import { createRuntime } from "codemode";
import { aiSdkTools } from "codemode/adapters/ai-sdk";

const runtime = await createRuntime(); // the servers in codemode.config.ts, generated
try {
  const { text, steps } = await generateText({
    model: "anthropic/claude-sonnet-4.5", // any AI SDK model
    tools: await aiSdkTools(runtime), // one tool, "execute": the model writes TypeScript
    stopWhen: isStepCount(10),
    prompt: "Which of my open issues mention the weather in Oslo?",
  });
  console.log(text, `(${steps.length} steps)`);
} finally {
  await runtime.close();
}
