import type { JsonSchema } from "../snapshot/types.js";

type Node = { [keyword: string]: unknown };
interface Found {
  nodes: Node[];
  properties: Map<string, unknown>;
  declared: string[];
  /** Whether other keys are a map's entries here (`additionalProperties` or `patternProperties` with a schema). */
  map: boolean;
}

/** `$ref`s followed, and `allOf`/`anyOf`/`oneOf` members looked into, this deep at most: a schema may refer to itself. */
const MAX_HOPS = 8;
/** Schemas looked into for one place at most: a server's schema may have thousands of members, and the question is asked on the host's thread. */
const MAX_NODES = 256;

/**
 * A tool's input schema as the approval question reads it: at each place in the arguments, the
 * names the schema declares there (in its order) and the schema below each. Local `$ref`s are
 * followed and the members of `allOf`, `anyOf` and `oneOf` looked into; anything else declares
 * nothing, and the question then shows that place's keys as agent code ordered them.
 */
export class ArgumentSchema {
  /** Made once per place, on first use: a listing asks for each key of an object. */
  private found: Found | undefined;
  private itemSchema: ArgumentSchema | undefined;

  private constructor(
    private readonly root: JsonSchema | undefined,
    private readonly node: Node | undefined,
  ) {}

  static of(schema: JsonSchema | undefined): ArgumentSchema {
    return new ArgumentSchema(schema, typeof schema === "object" ? schema : undefined);
  }

  /** The property names declared here, in order; empty when none is. */
  get declared(): string[] {
    return this.look().declared;
  }

  /** Whether `key` is missing from the names the schema declares here, where it declares some and other keys are not a map's entries. */
  undeclared(key: string): boolean {
    const { properties, map } = this.look();
    return properties.size > 0 && !map && !properties.has(key);
  }

  /** The schema of a property. */
  property(key: string): ArgumentSchema {
    const declared = this.look().properties.get(key);
    if (declared !== undefined) return this.at(declared);
    const extra = this.look().nodes.find((node) => typeof node.additionalProperties === "object")?.additionalProperties;
    return this.at(extra);
  }

  /** The schema of an array's items (the same object for every item: each would look its schema up again). */
  get items(): ArgumentSchema {
    this.itemSchema ??= this.at(this.look().nodes.find((node) => typeof node.items === "object" && !Array.isArray(node.items))?.items);
    return this.itemSchema;
  }

  private at(schema: unknown): ArgumentSchema {
    return new ArgumentSchema(this.root, isNode(schema) ? schema : undefined);
  }

  /** This node, with its `$ref` followed, then its members', depth first; and the properties they declare, the first of a name winning. */
  private look(): Found {
    if (this.found) return this.found;
    const nodes: Node[] = [];
    const seen = new Set<Node>();
    const visit = (node: Node | undefined, hops: number) => {
      if (!node || hops > MAX_HOPS || seen.has(node) || nodes.length >= MAX_NODES) return;
      seen.add(node);
      nodes.push(node);
      if (typeof node.$ref === "string") visit(this.resolve(node.$ref), hops + 1);
      for (const keyword of ["allOf", "anyOf", "oneOf"]) {
        const members = node[keyword];
        if (Array.isArray(members)) for (const member of members) visit(isNode(member) ? member : undefined, hops + 1);
      }
    };
    visit(this.node, 0);
    const properties = new Map<string, unknown>();
    for (const node of nodes) {
      if (!isNode(node.properties)) continue;
      for (const [key, schema] of Object.entries(node.properties)) if (!properties.has(key)) properties.set(key, schema);
    }
    const map = nodes.some((node) => typeof node.additionalProperties === "object" || typeof node.patternProperties === "object");
    return (this.found = { nodes, properties, declared: [...properties.keys()], map });
  }

  /** A local `$ref` (`#/$defs/Edit`), or undefined (another document's, or one that does not parse). */
  private resolve(ref: string): Node | undefined {
    if (!ref.startsWith("#")) return undefined;
    let at: unknown = this.root;
    try {
      for (const part of ref.slice(1).split("/").slice(1)) {
        const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
        at = isNode(at) && Object.hasOwn(at, key) ? at[key] : undefined;
      }
    } catch {
      return undefined;
    }
    return isNode(at) ? at : undefined;
  }
}

const isNode = (value: unknown): value is Node => value !== null && typeof value === "object" && !Array.isArray(value);
