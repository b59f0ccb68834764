// Agent code for the "filesystem" example server (allowed to read examples/agents/): the three
// largest files, read concurrently.
const [root] = (await filesystem.listAllowedDirectories()).content.split("\n").slice(1);
const listing = await filesystem.listDirectoryWithSizes({ path: root!, sortBy: "size" });
const files = listing.content.split("\n").filter((line) => line.startsWith("[FILE]")).slice(0, 3);
const names = files.map((line) => line.replace(/^\[FILE\]\s+/, "").split(/\s{2,}/)[0]!);
const texts = await Promise.all(names.map((name) => filesystem.readTextFile({ path: `${root}/${name}`, head: 3 })));
return names.map((name, i) => ({ name, firstLines: texts[i]!.content }));
