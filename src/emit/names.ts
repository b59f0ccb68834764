/** Words that cannot name a binding in strict-mode code or a TypeScript declaration. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval undefined NaN " +
    "Infinity globalThis console any unknown never object string number boolean symbol bigint type namespace declare"
  ).split(" "),
);

/** Type names a namespace must not shadow: the generated code and agents use these globals. */
export const RESERVED_TYPE_NAMES = [
  "Array", "Boolean", "ContentBlock", "Date", "Error", "Function", "JSON", "Map", "Math", "Number", "Object",
  "Partial", "Promise", "PromptMessage", "PromptResult", "ReadonlyArray", "Record", "ResourceContent",
  "ResourceResult", "Set", "String", "Symbol", "ToolError", "ToolErrorConstructor", "ToolResult",
];

const IDENTIFIER = /^[$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*$/u;
const WORD = /[\p{L}\p{N}]+/gu;

/** Splits a name at anything that is not a letter or digit: `API-get.user` → API, get, user. */
function words(name: string): string[] {
  return name.match(WORD) ?? [];
}

/** `get-user` → `getUser`, `API-get-user` → `apiGetUser`, `bitable.v1.appTable.create` → `bitableV1AppTableCreate`. */
export function camelCase(name: string): string {
  return words(name)
    .map((word, i) => {
      if (i === 0) return word === word.toUpperCase() ? word.toLowerCase() : word[0]!.toLowerCase() + word.slice(1);
      return word[0]!.toUpperCase() + word.slice(1);
    })
    .join("");
}

/**
 * Whether a function is named after its tool (or prompt) by the rule every name follows, the
 * camelCase of its words (`get-sum` → `getSum`): then a `@tool` / `@prompt` tag would only
 * repeat the name, at a few tokens a function. Renamed functions (`delete_`, `getUser2`) keep
 * the tag, so their wire name stays findable.
 */
export function namedAfter(fn: string, name: string): boolean {
  return fn === name || fn === camelCase(name);
}

/** `get-user` → `GetUser`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel ? camel[0]!.toUpperCase() + camel.slice(1) : "";
}

/**
 * The one function every generated value name goes through: camelCase, never reserved, never
 * starting with a digit, never empty. Uniqueness is the scope's job.
 */
export function identifier(name: string, fallback = "tool"): string {
  let id = camelCase(name) || fallback;
  if (/^\p{N}/u.test(id)) id = `_${id}`;
  if (RESERVED.has(id) || !IDENTIFIER.test(id)) id = `${id}_`;
  return IDENTIFIER.test(id) ? id : fallback;
}

/** The same for type names: PascalCase. */
export function typeIdentifier(name: string, fallback = "Type"): string {
  let id = pascalCase(name) || fallback;
  if (/^\p{N}/u.test(id)) id = `T${id}`;
  return IDENTIFIER.test(id) && !RESERVED.has(id) ? id : fallback;
}

/**
 * The one function every property key goes through: bare when it is a plain identifier,
 * quoted otherwise (`"If-Match"`, `"fill-opacity"`, `"__proto__"`, `"constructor"`).
 */
export function propertyKey(key: string): string {
  const special = key === "__proto__" || key === "constructor" || key === "prototype";
  return IDENTIFIER.test(key) && !special ? key : JSON.stringify(key);
}

/** Hands out unique names in one declaration space, in call order, so output is deterministic. */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /** `base`, or `base2`, `base3`, … whichever is free first. */
  claim(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}
