// Agent code for the "everything" example server: the body of an async function, as an LLM
// writes it against examples/generated/index.d.ts. Top-level await and return are allowed.
const sum = await everything.getSum({ a: 19, b: 23 });
const weather = await everything.getStructuredContent({ location: "Chicago" });
const readme = await everything.resources.read("demo://resource/static/document/architecture.md");
try {
  // A mistake the host refuses before any call (the schema wants a number): a ToolError to handle.
  await everything.getSum({ a: 1, b: "2" as unknown as number });
} catch (error) {
  if (error instanceof ToolError) console.warn(`${error.server}.${error.tool}: ${error.message}`);
}
return { sum: sum.text, muggy: weather.humidity > 70, readmeLength: readme.text.length };
