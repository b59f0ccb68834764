import { jsdoc } from "./jsdoc.js";
import { printInterfaceBody, printType } from "./schema/print.js";
import type { Declaration } from "./schema/registry.js";

/** `interface` for object types with members (readable, and recursion-friendly), `type` for the rest. */
export function renderDeclaration(declaration: Declaration, depth = 1): string {
  const indent = "  ".repeat(depth);
  const { name, type } = declaration;
  const doc = jsdoc(declaration.doc, indent);
  if (type.kind === "object" && type.members.length > 0) {
    return `${doc}${indent}interface ${name} ${printInterfaceBody(type, depth)}\n`;
  }
  return `${doc}${indent}type ${name} = ${printType(type, depth)};\n`;
}
