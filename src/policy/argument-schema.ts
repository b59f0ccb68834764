import type { JsonSchema } from "../snapshot/types.js";

type Node = { [keyword: string]: unknown };

/** `$ref`s followed, and `allOf`/`anyOf`/`oneOf` members looked into, this deep at most: a schema may refer to itself. */
const MAX_HOPS = 8;

/**
 * A tool's input schema as the approval question reads it: at each place in the arguments, the
 * names the schema declares there (in its order) and the schema below each. Local `$ref`s are
 * followed and the members of `allOf`, `anyOf` and `oneOf` looked into; anything else declares
 * nothing, and the question then shows that place's keys as agent code ordered them.
 */
export class ArgumentSchema {
  private constructor(
    private readonly root: JsonSchema | undefined,
    private readonly node: Node | undefined,
  ) {}

  static of(schema: JsonSchema | undefined): ArgumentSchema {
    return new ArgumentSchema(schema, typeof schema === "object" ? schema : undefined);
  }

  /** The property names declared here, in order; empty when none is. */
  get declared(): string[] {
    return [...this.properties().keys()];
  }

  /** Whether a key not declared here is a mistake the schema does not name (not a map's entry). */
  get closed(): boolean {
    return this.declared.length > 0 && !this.nodes().some((node) => typeof node.additionalProperties === "object" || typeof node.patternProperties === "object");
  }

  /** The schema of a property. */
  property(key: string): ArgumentSchema {
    const declared = this.properties().get(key);
    if (declared !== undefined) return this.at(declared);
    const extra = this.nodes().find((node) => typeof node.additionalProperties === "object")?.additionalProperties;
    return this.at(extra);
  }

  /** The schema of an array's items. */
  get items(): ArgumentSchema {
    return this.at(this.nodes().find((node) => typeof node.items === "object" && !Array.isArray(node.items))?.items);
  }

  private at(schema: unknown): ArgumentSchema {
    return new ArgumentSchema(this.root, isNode(schema) ? schema : undefined);
  }

  private properties(): Map<string, unknown> {
    const found = new Map<string, unknown>();
    for (const node of this.nodes()) {
      if (!isNode(node.properties)) continue;
      for (const [key, schema] of Object.entries(node.properties)) if (!found.has(key)) found.set(key, schema);
    }
    return found;
  }

  /** This node, with its `$ref` followed, then its members', depth first. */
  private nodes(): Node[] {
    const out: Node[] = [];
    const visit = (node: Node | undefined, hops: number) => {
      if (!node || hops > MAX_HOPS || out.includes(node)) return;
      out.push(node);
      if (typeof node.$ref === "string") visit(this.resolve(node.$ref), hops + 1);
      for (const keyword of ["allOf", "anyOf", "oneOf"]) {
        const members = node[keyword];
        if (Array.isArray(members)) for (const member of members) visit(isNode(member) ? member : undefined, hops + 1);
      }
    };
    visit(this.node, 0);
    return out;
  }

  /** A local `$ref` (`#/$defs/Edit`), or undefined. */
  private resolve(ref: string): Node | undefined {
    if (!ref.startsWith("#")) return undefined;
    let at: unknown = this.root;
    for (const part of ref.slice(1).split("/").slice(1)) {
      const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
      at = isNode(at) && Object.hasOwn(at, key) ? at[key] : undefined;
    }
    return isNode(at) ? at : undefined;
  }
}

const isNode = (value: unknown): value is Node => value !== null && typeof value === "object" && !Array.isArray(value);
