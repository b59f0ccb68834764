import { sortKeys } from "../../snapshot/canonical.js";
import { typeIdentifier } from "../names.js";
import { dialectOf, type Dialect } from "./dialect.js";
import type { Convert } from "./node.js";
import type { TypeRegistry } from "./registry.js";

type Json = Record<string, unknown>;

/** A `$defs`/`definitions` entry of one root schema and the type name it got. */
export interface DefEntry {
  pointer: string;
  key: string;
  schema: unknown;
  name: string;
}

/** Everything converting one root schema (a tool's input or output) needs to know. */
export class RootContext {
  readonly defs = new Map<string, DefEntry>();
  /** Pointers being inlined right now, so a `$ref` cycle outside `$defs` ends in `unknown`. */
  readonly inlining = new Set<string>();
  /** Whether a `$ref: "#"` named the root type, which then must be declared even if it could be inlined. */
  rootReferenced = false;
  /** The dialect the root's `$schema` names; 2020-12 without one. */
  readonly dialect: Dialect;
  private readonly topEdges = new Map<string, Set<string>>();
  private readonly reachable = new Map<string, boolean>();

  constructor(
    readonly registry: TypeRegistry,
    readonly root: Json,
    readonly rootName: string,
    readonly tool: string,
    /** Prefix for definitions whose plain name is taken by a different schema. */
    readonly owner: string,
    /** The converter, for the schema concept modules to recurse through. */
    readonly convert: Convert,
  ) {
    this.dialect = dialectOf(root);
    for (const container of ["$defs", "definitions"]) {
      const defs = root[container];
      if (!defs || typeof defs !== "object" || Array.isArray(defs)) continue;
      for (const key of Object.keys(defs).sort()) {
        const pointer = `/${container}/${escapePointer(key)}`;
        this.defs.set(pointer, { pointer, key, schema: (defs as Json)[key], name: "" });
      }
    }
  }

  /**
   * Names every definition: one with the same identity as an earlier tool's reuses its type.
   * Returns the entries that are new and still need a declaration.
   */
  nameDefinitions(): DefEntry[] {
    const fresh: DefEntry[] = [];
    for (const entry of this.defs.values()) {
      const identity = this.identity(entry);
      const existing = this.registry.named(identity);
      if (existing) {
        entry.name = existing;
        continue;
      }
      const plain = typeIdentifier(entry.key, "Definition");
      entry.name = this.registry.name(identity, plain, `${this.owner}${plain}`);
      fresh.push(entry);
    }
    return fresh;
  }

  /** A definition's identity: its name plus the schemas of everything it reaches through `$ref`. */
  private identity(entry: DefEntry): string {
    const closure = new Map<string, unknown>();
    let foreign = false;
    const visit = (pointer: string) => {
      const def = this.defs.get(pointer);
      if (!def) {
        foreign = true;
        return;
      }
      if (closure.has(pointer)) return;
      closure.set(pointer, def.schema);
      for (const ref of collectRefs(def.schema)) visit(ref);
    };
    visit(entry.pointer);
    const parts = [...closure.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, s]) => [p, sortKeys(s)]);
    // A reference into the rest of the root makes the meaning depend on this tool alone.
    return JSON.stringify([entry.key, parts, foreign ? this.tool : null]);
  }

  /**
   * Whether a `$ref` from `from` to `to`, in alias position, would make a type alias refer to
   * itself (`type A = A | string`), which TypeScript rejects. Such references become `unknown`.
   */
  closesCycle(from: string, to: string): boolean {
    if (from === to) return true;
    const key = `${to}\u0000${from}`;
    const known = this.reachable.get(key);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    const stack = [to];
    let found = false;
    while (stack.length > 0 && !found) {
      const pointer = stack.pop()!;
      if (seen.has(pointer)) continue;
      seen.add(pointer);
      for (const next of this.aliasEdges(pointer)) {
        if (next === from) found = true;
        stack.push(next);
      }
    }
    this.reachable.set(key, found);
    return found;
  }

  /** The definitions (or root, `""`) a node refers to in alias position, not under an object or array. */
  private aliasEdges(pointer: string): Set<string> {
    let edges = this.topEdges.get(pointer);
    if (edges) return edges;
    edges = new Set();
    this.topEdges.set(pointer, edges);
    const schema = this.defs.get(pointer)?.schema ?? resolvePointer(this.root, pointer);
    for (const ref of aliasRefs(schema)) edges.add(ref);
    return edges;
  }
}

/** Escapes a key for a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Follows a JSON pointer (`/a/b`) inside a schema. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** The pointer a local `$ref` names (`#/$defs/A` → `/$defs/A`), or undefined for external ones. */
export function localPointer(ref: string): string | undefined {
  if (!ref.startsWith("#")) return undefined;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

/** Every local `$ref` anywhere under a node. */
function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const pointer = localPointer(value);
        if (pointer !== undefined) out.push(pointer);
      } else collectRefs(value, out);
    }
  }
  return out;
}

/** The subschemas that apply to the same instance as their parent, so their types join its alias. */
function inPlace(schema: Json): unknown[] {
  const out: unknown[] = [];
  for (const combinator of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(schema[combinator])) out.push(...(schema[combinator] as unknown[]));
  for (const keyword of ["if", "then", "else"]) if (schema[keyword] !== undefined) out.push(schema[keyword]);
  for (const keyword of ["dependentSchemas", "dependencies"]) {
    const map = schema[keyword];
    if (map && typeof map === "object" && !Array.isArray(map)) out.push(...Object.values(map));
  }
  return out;
}

/**
 * Local `$ref`s in alias position: the node's own, those of its in-place applicators, and
 * those under tuples, including arrays nested in them (see `arrayType` in array.ts).
 */
function aliasRefs(node: unknown, out: string[] = [], inTuple = false): string[] {
  if (!node || typeof node !== "object" || Array.isArray(node)) return out;
  const schema = node as Json;
  if (typeof schema.$ref === "string") {
    const pointer = localPointer(schema.$ref);
    if (pointer !== undefined) out.push(pointer);
  }
  for (const member of inPlace(schema)) aliasRefs(member, out, inTuple);
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  if (tuple) {
    for (const element of tuple) aliasRefs(element, out, true);
    aliasRefs(Array.isArray(schema.prefixItems) ? schema.items : schema.additionalItems, out, true);
  } else if (inTuple || holdsTuple(schema.items)) {
    aliasRefs(schema.items, out, true);
  }
  return out;
}

/** Whether a schema is, or holds outside any object, a tuple literal (`prefixItems` or an `items` array). */
export function holdsTuple(node: unknown): boolean {
  if (!node || typeof node !== "object" || Array.isArray(node)) return false;
  const schema = node as Json;
  if (Array.isArray(schema.prefixItems) || Array.isArray(schema.items)) return true;
  if (inPlace(schema).some(holdsTuple)) return true;
  return holdsTuple(schema.items);
}
