/**
 * Agent code that walks every value reachable from `roots` (own properties, getters' values,
 * accessor functions, prototypes) and lists each object whose prototype chain does not end at
 * this sandbox's own `Object.prototype`: a value of another realm (the host's), whose
 * constructor chain would lead to a `Function` that is not the sandbox's.
 */
export const CRAWLER = String.raw`
const crawl = (roots) => {
  const OP = Object.prototype, getProto = Object.getPrototypeOf, ownKeys = Reflect.ownKeys, describe = Object.getOwnPropertyDescriptor;
  const seen = new Set(), foreign = [];
  const queue = [];
  let visited = 0;
  const push = (value, path) => { if (value !== null && (typeof value === "object" || typeof value === "function") && !seen.has(value)) queue.push([value, path]); };
  roots.forEach((value, i) => push(value, "root" + i));
  while (queue.length > 0 && visited < 100000) {
    const [value, path] = queue.shift();
    if (seen.has(value)) continue;
    seen.add(value);
    visited++;
    let last = value;
    try {
      for (let p = getProto(value), depth = 0; p !== null && depth < 100; p = getProto(p), depth++) last = p;
    } catch (e) { foreign.push(path + " (its prototype cannot be read)"); continue; }
    if (last !== OP && getProto(value) !== null) foreign.push(path);
    push(getProto(value), path + ".__proto__");
    let keys = [];
    try { keys = ownKeys(value); } catch { continue; }
    for (const key of keys) {
      let d;
      try { d = describe(value, key); } catch { continue; }
      if (!d) continue;
      const at = path + "." + String(key);
      if ("value" in d) push(d.value, at);
      if (d.get) { push(d.get, at + "(get)"); try { push(d.get.call(value), at); } catch (e) { push(e, at + "(get threw)"); } }
      if (d.set) push(d.set, at + "(set)");
    }
  }
  return { foreign: foreign.slice(0, 10), visited };
};
`;

/** A run that collects values through `scenario` (code that pushes into `found`), then crawls them and the global. */
export const crawlAfter = (scenario: string) => `${CRAWLER}
const found: unknown[] = [];
${scenario}
const report = crawl([globalThis, ...found]);
return { ...report, found: found.length };`;
