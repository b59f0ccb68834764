/**
 * Recognises text prettier would print unchanged, so that generate need not run prettier over
 * it. The emitter already prints most declarations the way prettier does (a 1,000-tool API
 * comes out identical); running prettier over them is most of a cold generate's time.
 *
 * The recogniser is deliberately narrow: a line is accepted only in a shape whose printing by
 * prettier (with `FORMAT_OPTIONS`) is certain: JSDoc comments, `interface` and `type`
 * declarations, object members and function declarations whose types are names, keywords,
 * plain string and integer literals, arrays, tuples, generics and unions, each on one line within
 * the print width, indented by two spaces a level. Anything else (quoted keys, inline object
 * unions, long lines, parentheses, escapes, non-ASCII types) is left to prettier. A test formats
 * every fixture, golden and property-generated schema both ways and requires equal output.
 */

import { startsWithStar } from "../emit/jsdoc.js";
import { FORMAT_OPTIONS } from "./options.js";

/** A line of code up to the print width is printed flat as it is (ASCII only, so length is width); a longer one is left to prettier. */
const MAX_WIDTH = FORMAT_OPTIONS.printWidth;
const IDENT = "[A-Za-z_$][\\w$]*";
const KEY = new RegExp(`^(?:${IDENT}\\??|\\[key: string\\])$`);
const NAME = new RegExp(`^${IDENT}$`);
const INTERFACE = new RegExp(`^interface ${IDENT} \\{(\\})?$`);
const TYPE_ALIAS = new RegExp(`^type ${IDENT} = (.*);$`);
const TYPE_OBJECT = new RegExp(`^type ${IDENT} = \\{$`);
const FUNCTION = new RegExp(`^function ${IDENT}\\((?:input\\??: (.+))?\\): (.+);$`);
/** How an interface's body ends, and an object type's (as a member, or a type alias), arrays of it too. */
const CLOSE_INTERFACE = /^\}$/;
const CLOSE_OBJECT = /^\}(?:\[\])*;$/;
const INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;
// No quote, backslash or character prettier would escape or measure differently.
const STRING = /^"[\x20\x21\x23-\x5b\x5d-\x7e]*"$/;

/**
 * Whether prettier prints `lines` (whole statements inside a `declare namespace`, each line
 * indented for that) exactly as they are. False means "not known", never "changes".
 */
export function isPrettierStable(lines: string[]): boolean {
  /** Each open `{`: the closing lines allowed for it. */
  const open: RegExp[] = [];
  /** In a multi-line comment, or after a comment (which a declaration must follow). */
  let comment: "none" | "block" | "pending" = "none";
  /** The lines of the multi-line comment being read. */
  let block: string[] = [];
  for (const line of lines) {
    const indent = "  ".repeat(open.length + 1);
    if (comment === "block") {
      if (line === `${indent} */` || line === `${indent}*/`) {
        if (!isCommentBody(block, indent, line === `${indent}*/`)) return false;
        comment = "pending";
      } else block.push(line);
      continue;
    }
    if (/\s$/.test(line)) return false;
    // A closing line sits one level out.
    const outer = indent.slice(2);
    if (open.length > 0 && line.length <= MAX_WIDTH && line.startsWith(`${outer}}`) && open.at(-1)!.test(line.slice(outer.length))) {
      if (comment !== "none") return false;
      open.pop();
      continue;
    }
    if (!line.startsWith(indent) || line[indent.length] === " ") return false;
    const text = line.slice(indent.length);
    if (text === "/**" || (text.startsWith("/** ") && text.endsWith(" */"))) {
      if (comment !== "none" || (text !== "/**" && !isCommentText(text.slice(4, -3)))) return false;
      comment = text === "/**" ? "block" : "pending";
      block = [];
      continue;
    }
    // Comments are printed as they are, however long; code is measured against the print width.
    if (line.length > MAX_WIDTH) return false;
    comment = "none";
    const opened = open.length === 0 ? declarationOpens(text) : memberOpens(text);
    if (opened === undefined) return false;
    if (opened !== "line") open.push(opened);
  }
  // Every brace closed, and no comment left without a declaration after it.
  return open.length === 0 && comment === "none";
}

/**
 * The lines between `/**` and the end of a multi-line JSDoc comment, printed as they are: ` * `
 * lines ending in ` *\/` (see {@link isCommentLine}), or `jsdoc`'s flush-left lines ending in
 * `*\/`, which prettier prints verbatim as long as one of them does not start with `*` (when all
 * do, it re-indents them as stars).
 */
function isCommentBody(block: string[], indent: string, flush: boolean): boolean {
  if (!flush) return block.every((line) => isCommentLine(line, indent));
  return !block.every(startsWithStar) && block.every((line) => line === "" || isFlushCommentText(line));
}

/** A flush-left comment line prettier keeps: as {@link isCommentText}, but it may start with spaces (nested lists). */
function isFlushCommentText(line: string): boolean {
  return isCommentText(line.trimStart());
}

/**
 * A line inside a multi-line JSDoc comment. prettier trims each such line and indents it again,
 * so what follows `* ` may itself start with spaces (nested lists), but not end with any.
 */
function isCommentLine(line: string, indent: string): boolean {
  if (line === `${indent} *`) return true;
  const text = line.slice(indent.length + 3);
  return line.startsWith(`${indent} * `) && text.trim() !== "" && isCommentText(text.trimStart());
}

/** Comment text prettier keeps as it is: no comment end, no line break, nothing its trimming would remove. */
function isCommentText(text: string): boolean {
  return text.length > 0 && !text.includes("*/") && !/[\r\n\u2028\u2029]/.test(text) && !/^\s|\s$/.test(text);
}

/**
 * A line at namespace level: "line" for a whole declaration on it, the closers allowed for a
 * `{` it opens, or undefined when not recognised.
 */
function declarationOpens(text: string): RegExp | "line" | undefined {
  let match = INTERFACE.exec(text);
  if (match) return match[1] ? "line" : CLOSE_INTERFACE;
  match = TYPE_ALIAS.exec(text);
  if (match) return isType(match[1]!) ? "line" : undefined;
  if (TYPE_OBJECT.test(text)) return CLOSE_OBJECT;
  match = FUNCTION.exec(text);
  if (match) return (match[1] === undefined || isType(match[1])) && isType(match[2]!) ? "line" : undefined;
  return undefined;
}

/** A member line inside an interface or object type, as {@link declarationOpens}. */
function memberOpens(text: string): RegExp | "line" | undefined {
  const colon = text.indexOf(": ", text.startsWith("[key: string]") ? "[key: string]".length : 0);
  if (colon < 0 || !KEY.test(text.slice(0, colon))) return undefined;
  const rest = text.slice(colon + 2);
  if (rest === "{") return CLOSE_OBJECT;
  return rest.endsWith(";") && isType(rest.slice(0, -1)) ? "line" : undefined;
}

/**
 * A type prettier prints flat as written: a union (` | `) of names (dotted, with type arguments),
 * keywords, plain literals and tuples, each with any `[]`; one union inside parentheses before `[]`.
 */
export function isType(text: string): boolean {
  const parts = splitTop(text, " | ");
  if (!parts) return false;
  return parts.every((part) => {
    const array = /^(.*?)((?:\[\])*)$/.exec(part)!;
    const base = array[1]!;
    if (base.startsWith("[") && base.endsWith("]")) {
      // A tuple, flat.
      const members = splitTop(base.slice(1, -1), ", ");
      return members !== undefined && members.every(isType);
    }
    if (base.startsWith("(") && base.endsWith(")")) {
      // Parentheses prettier keeps: a union of two or more, made an array.
      const inner = base.slice(1, -1);
      return array[2] !== "" && (splitTop(inner, " | ")?.length ?? 0) > 1 && isType(inner);
    }
    return isSimple(base);
  });
}

function isSimple(text: string): boolean {
  if (STRING.test(text) || INTEGER.test(text)) return true;
  const generic = /^([^<]+)<(.+)>$/.exec(text);
  if (generic) {
    const args = splitTop(generic[2]!, ", ");
    return isDotted(generic[1]!) && args !== undefined && args.every(isType);
  }
  return isDotted(text);
}

function isDotted(text: string): boolean {
  return text.split(".").every((name) => NAME.test(name));
}

/** `text` split at `separator` outside brackets, parentheses and strings; undefined when unbalanced or empty parts. */
function splitTop(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return undefined;
      i = end;
    } else if (c === "<" || c === "(" || c === "[") depth++;
    else if (c === ">" || c === ")" || c === "]") {
      if (--depth < 0) return undefined;
    } else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return depth === 0 && parts.every((part) => part.length > 0) ? parts : undefined;
}

/** Whether the lines before a namespace's body (its JSDoc comment, `declare namespace x {`) are printed as they are. */
export function isPrettierStableHead(head: string[]): boolean {
  const comment = head.slice(0, -1);
  if (comment.length === 0) return true;
  if (comment.length === 1) return comment[0]!.startsWith("/** ") && comment[0]!.endsWith(" */") && isCommentText(comment[0]!.slice(4, -3));
  const close = comment.at(-1);
  return comment[0] === "/**" && (close === " */" || close === "*/") && isCommentBody(comment.slice(1, -1), "", close === "*/");
}
