import type { Member } from "./members.js";

/**
 * The API in one line per callable: where it is, its argument's properties (`?` optional) and
 * the first sentence of what it does. A fraction of the typings' size, for APIs too big to send
 * whole: the model picks from it, and the host sends the typings of the picks (`--tool`).
 */
export function renderDigest(members: Member[], total: number): string {
  const namespaces = new Set(members.map((member) => member.namespace)).size;
  const head = [
    `// codemode API digest: ${describeCount(members.length, total)} in ${namespaces} namespace${namespaces === 1 ? "" : "s"}, one per line:`,
    "// namespace.function(argument properties, ? = optional): what it does. Call as await namespace.function({ … }).",
  ];
  return `${[...head, ...members.map(digestLine)].join("\n")}\n`;
}

export function digestLine(member: Member): string {
  const call = `${member.namespace}.${member.path}(${member.argument})`;
  const summary = firstSentence(member.description);
  const hints = member.hints.length > 0 ? ` [${member.hints.join(", ")}]` : "";
  return `${call}${summary ? ` — ${summary}` : ""}${hints}`;
}

function describeCount(shown: number, total: number): string {
  const functions = total === 1 ? "function" : "functions";
  return shown === total ? `${total} ${functions}` : `${shown} of ${total} ${functions}`;
}

const MAX_SUMMARY = 160;

/** The description's first sentence on one line, cut at a word near MAX_SUMMARY characters. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end === -1 ? flat : flat.slice(0, end + 1);
  if (sentence.length <= MAX_SUMMARY) return sentence;
  const cut = sentence.lastIndexOf(" ", MAX_SUMMARY);
  return `${sentence.slice(0, cut > MAX_SUMMARY / 2 ? cut : MAX_SUMMARY)}…`;
}
