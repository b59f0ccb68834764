// Agent code for the "sequential-thinking" server (generated from a committed snapshot).
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
