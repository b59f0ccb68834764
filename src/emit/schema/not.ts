import { keyword, NEVER, union, UNKNOWN, type TsType } from "./ast.js";
import { isObject } from "./node.js";
import { literalType } from "./literal.js";

/** Keywords that say nothing about which values are valid. */
const ANNOTATIONS = new Set(["description", "title", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly"]);

/** The JSON types TypeScript can list, each with the type that holds all its values. */
const JSON_TYPES: [name: string, type: TsType][] = [
  ["string", keyword("string")],
  ["number", keyword("number")],
  ["boolean", keyword("boolean")],
  ["null", keyword("null")],
  ["array", { kind: "array", element: UNKNOWN }],
  ["object", { kind: "object", members: [], index: UNKNOWN }],
];

/**
 * `not`, where TypeScript can say it: `not` of a `const` or an `enum` of plain values removes
 * those literals from a union of literals (and `true`/`false` from `boolean`); `not` of a
 * `type` removes that JSON type's members. Anything else leaves the type as it was, which
 * accepts every valid value. `not: true` (or `{}`) admits nothing.
 * https://json-schema.org/draft/2020-12/json-schema-core#name-not
 */
export function excluding(type: TsType, not: unknown): TsType {
  if (not === undefined || not === false) return type;
  if (not === true || (isObject(not) && Object.keys(not).every((key) => ANNOTATIONS.has(key)))) return NEVER;
  const values = constValues(not);
  if (values) return withoutValues(type, values);
  const types = typeNames(not);
  if (types) return withoutTypes(type, types);
  return type;
}

/** The values a `{ const }` or `{ enum }` schema (and nothing else) admits, when all are plain. */
export function constValues(schema: unknown): unknown[] | undefined {
  if (!isObject(schema) || Object.keys(schema).some((key) => key !== "const" && key !== "enum" && !ANNOTATIONS.has(key))) return undefined;
  const values = Object.hasOwn(schema, "const") ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (!values || Object.hasOwn(schema, "const") === Array.isArray(schema.enum)) return undefined;
  return values.every((value) => value === null || typeof value !== "object") ? values : undefined;
}

/** The types a `{ type }` schema (and nothing else) admits; `integer` is not one TypeScript can remove. */
function typeNames(schema: unknown): string[] | undefined {
  if (!isObject(schema) || Object.keys(schema).some((key) => key !== "type" && !ANNOTATIONS.has(key))) return undefined;
  const names = Array.isArray(schema.type) ? schema.type : [schema.type];
  return names.every((name) => typeof name === "string" && name !== "integer") ? (names as string[]) : undefined;
}

function membersOf(type: TsType): TsType[] {
  return type.kind === "union" ? type.members : [type];
}

function withoutValues(type: TsType, values: unknown[]): TsType {
  const texts = new Set(values.map((value) => JSON.stringify(literalType(value))));
  const kept = membersOf(type).flatMap((member) => {
    // `boolean` is `true | false`; the others (`string`, `number`) cannot lose one value.
    const parts = member.kind === "keyword" && member.name === "boolean" ? [literalType(true), literalType(false)] : [member];
    return parts.filter((part) => !texts.has(JSON.stringify(part)));
  });
  return type.kind === "union" && type.docs && kept.length === type.members.length ? type : union(kept);
}

function withoutTypes(type: TsType, names: string[]): TsType {
  const members = type.kind === "keyword" && type.name === "unknown" ? JSON_TYPES.map(([, t]) => t) : membersOf(type);
  return union(members.filter((member) => !names.includes(jsonTypeOf(member) ?? "")));
}

/** The JSON type all of a member's values have, when TypeScript's type shows it. */
function jsonTypeOf(type: TsType): string | undefined {
  switch (type.kind) {
    case "keyword":
      return type.name === "unknown" || type.name === "never" ? undefined : type.name;
    case "literal":
      return type.text.startsWith('"') ? "string" : type.text === "true" || type.text === "false" ? "boolean" : /^-?\d/.test(type.text) ? "number" : undefined;
    case "array":
    case "tuple":
      return "array";
    case "object":
      return "object";
    default:
      return undefined;
  }
}
