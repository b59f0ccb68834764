import { propertyKey } from "../names.js";
import { keyword, union, type TsType } from "./ast.js";

/** The exact type of a JSON value: `"a"`, `3`, `null`, `[1, 2]`, `{ a: true }`. */
export function literalType(value: unknown): TsType {
  if (value === null) return keyword("null");
  if (typeof value === "string") return { kind: "literal", text: JSON.stringify(value) };
  if (typeof value === "number") return Number.isFinite(value) ? { kind: "literal", text: String(value) } : keyword("number");
  if (typeof value === "boolean") return { kind: "literal", text: String(value) };
  if (Array.isArray(value)) return { kind: "tuple", elements: value.map((item) => ({ type: literalType(item), optional: false })) };
  if (typeof value === "object") {
    const members = Object.entries(value as Record<string, unknown>).map(([key, item]) => ({
      key: propertyKey(key),
      optional: false,
      type: literalType(item),
      doc: [],
    }));
    return { kind: "object", members };
  }
  return keyword("unknown");
}

/** `enum: ["a", "b"]` → `"a" | "b"`. */
export function enumType(values: unknown[]): TsType {
  return union(values.map(literalType));
}
