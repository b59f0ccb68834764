// Agent code for the "memory" example server: record two people and how they relate.
await memory.createEntities({
  entities: [
    { name: "Ada", entityType: "person", observations: ["wrote the first program"] },
    { name: "Charles", entityType: "person", observations: ["designed the Analytical Engine"] },
  ],
});
await memory.createRelations({ relations: [{ from: "Ada", to: "Charles", relationType: "worked with" }] });
const graph = await memory.readGraph();
return graph.relations.map((r) => `${r.from} ${r.relationType} ${r.to}`);
