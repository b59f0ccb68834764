// Agent code for the "sequential-thinking" server, configured as a committed snapshot: it type-checks
// and prompts without the server, but runs only with an MCP client passed to createRuntime({ clients }).
const steps = ["Restate the problem", "List what is known", "Decide"];
let last;
for (const [i, thought] of steps.entries()) {
  last = await sequentialThinking.sequentialthinking({
    thought,
    thoughtNumber: i + 1,
    totalThoughts: steps.length,
    nextThoughtNeeded: i + 1 < steps.length,
  });
}
return last?.thoughtHistoryLength;
