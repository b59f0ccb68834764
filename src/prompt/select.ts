import { CodemodeError } from "../errors.js";
import { editDistance } from "../util/edit-distance.js";
import type { Member } from "./members.js";

/**
 * The members `--tool` selectors name: `namespace.function`, `namespace.*`, a bare function
 * name in any namespace, or the server's own name for it (`github.create_issue`). A selector
 * that names nothing is an error listing the nearest names.
 */
export function selectMembers(members: Member[], selectors: string[]): Member[] {
  const chosen = new Set<Member>();
  for (const selector of selectors) {
    const matches = members.filter((member) => matchesSelector(member, selector));
    if (matches.length === 0) throw unknownSelector(members, selector);
    for (const match of matches) chosen.add(match);
  }
  return members.filter((member) => chosen.has(member));
}

function matchesSelector(member: Member, selector: string): boolean {
  const dot = selector.indexOf(".");
  const [namespace, rest] = dot === -1 ? [undefined, selector] : [selector.slice(0, dot), selector.slice(dot + 1)];
  if (namespace !== undefined && namespace !== member.namespace) return false;
  return rest === "*" || rest === member.path || rest === member.wire || rest === member.path.split(".").pop();
}

function unknownSelector(members: Member[], selector: string): CodemodeError {
  const names = members.map((member) => `${member.namespace}.${member.path}`);
  const wanted = selector.slice(selector.indexOf(".") + 1).toLowerCase();
  // Close in spelling, or holding what was typed (`recordCreate` in `appTableRecordCreate`).
  const closeness = (name: string) => {
    const own = name.slice(name.indexOf(".") + 1);
    return own.toLowerCase().includes(wanted) ? 0 : Math.min(editDistance(name, selector), editDistance(own, selector));
  };
  const near = names
    .map((name) => ({ name, distance: closeness(name) }))
    .filter(({ distance }) => distance <= 3)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ name }) => name);
  return new CodemodeError("USAGE", `--tool ${selector}: no such function`, {
    hint: near.length > 0 ? `did you mean ${near.join(", ")}?` : "codemode prompt --digest lists them all",
  });
}
