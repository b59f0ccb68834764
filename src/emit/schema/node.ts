/**
 * What every schema concept module shares, and nothing else: the node and position types, and
 * the converter each module recurses through (handed in on the context, so the modules import
 * no converter and no cycle runs through them).
 */
import { union, type TsType } from "./ast.js";
import type { RootContext } from "./root.js";

export type Json = Record<string, unknown>;

/**
 * Where a node sits. `owner` is the definition (or `""` for the root) whose alias the node is
 * part of while `alias` is true, i.e. not yet under an object member or array element.
 */
export interface Position {
  pointer: string;
  owner: string;
  alias: boolean;
  /** Under a tuple literal, where TypeScript defers nothing, not even `T[]` (`type A = [[A?][]?]` is rejected). */
  inTuple?: boolean;
  /** An applicator of a schema that only admits objects: a node here without `type` constrains an object. */
  objectOnly?: boolean;
  /** The applicator's parent lists properties, so its own type already names every allowed key. */
  parentKeys?: boolean;
}

export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Converts one node at a position: `toType` in `convert.ts`, reached through `RootContext.convert`. */
export type Convert = (node: unknown, ctx: RootContext, at: Position) => TsType;

/** What TypeScript sees on every object through `Object.prototype`, by key. */
const INHERITED: Record<string, string> = {
  constructor: "Function",
  toString: "(() => string)",
  toLocaleString: "(() => string)",
  valueOf: "(() => Object)",
  hasOwnProperty: "((key: PropertyKey) => boolean)",
  propertyIsEnumerable: "((key: PropertyKey) => boolean)",
  isPrototypeOf: "((value: Object) => boolean)",
};

/**
 * An optional `constructor?: string` would reject `{}`, whose inherited `constructor` TypeScript
 * sees as a `Function`; the inherited member's type is added so an absent key type-checks.
 */
export function withInherited(key: string, type: TsType): TsType {
  const inherited = Object.hasOwn(INHERITED, key) ? INHERITED[key] : undefined;
  return inherited ? union([type, { kind: "literal", text: inherited }]) : type;
}
