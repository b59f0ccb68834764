import { jsdoc } from "../jsdoc.js";
import type { TsType } from "./ast.js";

const INDENT = "  ";

/** Prints a type at the given indentation depth. */
export function printType(type: TsType, depth = 0): string {
  switch (type.kind) {
    case "keyword":
      return type.name;
    case "literal":
      return type.text;
    case "ref":
      return type.name;
    case "array":
      return `${wrap(type.element, depth, "array")}[]`;
    case "tuple":
      return printTuple(type, depth);
    case "object":
      return printObject(type, depth);
    case "union":
      return printUnion(type, depth);
    case "intersection":
      return type.members.map((member) => wrap(member, depth, "intersection")).join(" & ");
  }
}

/** Parenthesises what would otherwise bind wrongly: unions in arrays and intersections, intersections in arrays. */
function wrap(type: TsType, depth: number, context: "array" | "intersection"): string {
  const text = printType(type, depth);
  const loose = type.kind === "union" || (context === "array" && type.kind === "intersection");
  return loose ? `(${text})` : text;
}

function printTuple(type: Extract<TsType, { kind: "tuple" }>, depth: number): string {
  // `T?` binds like an array suffix, so a union needs parentheses there too.
  const parts = type.elements.map((element) => `${wrap(element.type, depth, "array")}${element.optional ? "?" : ""}`);
  if (type.rest) parts.push(`...${wrap(type.rest, depth, "array")}[]`);
  return `[${parts.join(", ")}]`;
}

/** An interface's body: a member a line, as prettier prints interfaces whatever their size. */
export function printInterfaceBody(type: Extract<TsType, { kind: "object" }>, depth: number): string {
  return printObject(type, depth, false);
}

function printObject(type: Extract<TsType, { kind: "object" }>, depth: number, inline = true): string {
  // `Record` is an alias TypeScript expands eagerly; a recursive index type needs the literal form.
  if (type.members.length === 0 && (!type.index || type.index.kind === "keyword")) {
    return `Record<string, ${type.index ? printType(type.index, depth) : "never"}>`;
  }
  const oneLine = inline ? printInline(type, depth) : undefined;
  if (oneLine !== undefined) return oneLine;
  const inner = INDENT.repeat(depth + 1);
  const lines = type.members.map(
    (member) => `${jsdoc(member.doc, inner)}${inner}${member.key}${member.optional ? "?" : ""}: ${printType(member.type, depth + 1)};`,
  );
  if (type.index) lines.push(`${inner}[key: string]: ${printType(type.index, depth + 1)};`);
  return `{\n${lines.join("\n")}\n${INDENT.repeat(depth)}}`;
}

/**
 * `{ longitude: number; latitude: number }` on one line when no member has a doc: a line per
 * member costs a line break and an indent each, in tokens, and says nothing more. prettier keeps
 * it on one line when it fits the print width, and breaks it as before when not.
 */
function printInline(type: Extract<TsType, { kind: "object" }>, depth: number): string | undefined {
  if (type.members.some((member) => member.doc.length > 0)) return undefined;
  const parts = type.members.map((member) => `${member.key}${member.optional ? "?" : ""}: ${printType(member.type, depth + 1)}`);
  if (type.index) parts.push(`[key: string]: ${printType(type.index, depth + 1)}`);
  const text = `{ ${parts.join("; ")} }`;
  return text.includes("\n") ? undefined : text;
}

function printUnion(type: Extract<TsType, { kind: "union" }>, depth: number): string {
  const parts = type.members.map((member) => printType(member, depth));
  if (!type.docs) return parts.join(" | ");
  const inner = INDENT.repeat(depth + 1);
  return `\n${parts.map((part, i) => `${jsdoc(type.docs?.[i] ?? [], inner)}${inner}| ${part}`).join("\n")}`;
}
