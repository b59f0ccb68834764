import { linearPattern } from "../runtime/bounded-keywords.js";
import type { JsonSchema } from "../snapshot/types.js";

type Node = { [keyword: string]: unknown };
interface Found {
  nodes: Node[];
  properties: Map<string, unknown>;
  declared: string[];
  /** The schema of keys it does not declare, when one says what they hold (a map's entries): `additionalProperties` other than `{}` or a boolean. */
  extra: Node | undefined;
  /** The `patternProperties` patterns: a key one matches is not undeclared. */
  patterns: { test(text: string): boolean }[];
}

/** Keywords whose schemas describe the same object, so their properties are declared names too. */
const MEMBER_LISTS = ["allOf", "anyOf", "oneOf"];
const MEMBERS = ["if", "then", "else"];

/** `$ref`s followed, and `allOf`/`anyOf`/`oneOf` members looked into, this deep at most: a schema may refer to itself. */
const MAX_HOPS = 8;
/** Schemas looked into for one place at most: a server's schema may have thousands of members, and the question is asked on the host's thread. */
const MAX_NODES = 256;

/**
 * A tool's input schema as the approval question reads it: at each place in the arguments, the
 * names the schema declares there (in its order) and the schema below each. Local `$ref`s are
 * followed, and `allOf`, `anyOf`, `oneOf`, `if`/`then`/`else` and `dependentSchemas` looked
 * into; anything else declares nothing, and the question then shows that place's keys as
 * agent code ordered them.
 */
export class ArgumentSchema {
  /** Made once per place, on first use: a listing asks for each key of an object. */
  private found: Found | undefined;
  private itemSchema: ArgumentSchema | undefined;
  private extraSchema: ArgumentSchema | undefined;
  private readonly children = new Map<string, ArgumentSchema>();

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
    const { properties, extra, patterns } = this.look();
    return properties.size > 0 && !extra && !properties.has(key) && !patterns.some((pattern) => pattern.test(key));
  }

  /** The schema of a property (one object per name: a listing asks for each key of a map of thousands). */
  property(key: string): ArgumentSchema {
    let child = this.children.get(key);
    if (child) return child;
    const { properties, extra } = this.look();
    child = properties.has(key) ? this.at(properties.get(key)) : (this.extraSchema ??= this.at(extra));
    this.children.set(key, child);
    return child;
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
      for (const keyword of MEMBER_LISTS) {
        const members = node[keyword];
        if (Array.isArray(members)) for (const member of members) visit(isNode(member) ? member : undefined, hops + 1);
      }
      for (const keyword of MEMBERS) visit(isNode(node[keyword]) ? (node[keyword] as Node) : undefined, hops + 1);
      if (isNode(node.dependentSchemas)) for (const member of Object.values(node.dependentSchemas)) visit(isNode(member) ? member : undefined, hops + 1);
    };
    visit(this.node, 0);
    const properties = new Map<string, unknown>();
    for (const node of nodes) {
      if (!isNode(node.properties)) continue;
      for (const [key, schema] of Object.entries(node.properties)) if (!properties.has(key)) properties.set(key, schema);
    }
    const extra = nodes.map((node) => node.additionalProperties).find((schema): schema is Node => isNode(schema) && Object.keys(schema).length > 0);
    // On the linear-time engine, as argument checks run them: the server chose the pattern, agent
    // code the key (a backtracking pattern held the host for seconds). One it cannot run matches nothing.
    const patterns = nodes.flatMap((node) => (isNode(node.patternProperties) ? Object.keys(node.patternProperties) : [])).flatMap((source) => linearPattern(source) ?? []);
    return (this.found = { nodes, properties, declared: [...properties.keys()], extra, patterns });
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
