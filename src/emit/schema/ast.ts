/** A small TypeScript type tree: printing it handles precedence, so `(A | B)[]` never loses its parentheses. */
export type TsType =
  | { kind: "keyword"; name: "string" | "number" | "boolean" | "null" | "unknown" | "never" }
  | { kind: "literal"; text: string }
  | { kind: "ref"; name: string }
  | { kind: "array"; element: TsType }
  | { kind: "tuple"; elements: { type: TsType; optional: boolean }[]; rest?: TsType }
  | { kind: "object"; members: Member[]; index?: TsType; doc?: string[] }
  | { kind: "union"; members: TsType[]; docs?: (string[] | undefined)[] }
  | { kind: "intersection"; members: TsType[] };

export interface Member {
  key: string;
  optional: boolean;
  type: TsType;
  doc: string[];
}

export const UNKNOWN: TsType = { kind: "keyword", name: "unknown" };
export const NEVER: TsType = { kind: "keyword", name: "never" };
export const keyword = (name: "string" | "number" | "boolean" | "null" | "unknown" | "never"): TsType => ({ kind: "keyword", name });

export const isUnknown = (type: TsType) => type.kind === "keyword" && type.name === "unknown";
export const isNever = (type: TsType) => type.kind === "keyword" && type.name === "never";

/** A union with `never` dropped, duplicates removed, nested unions flattened, and `unknown` absorbing all. */
export function union(members: TsType[], docs?: (string[] | undefined)[]): TsType {
  const flat: TsType[] = [];
  const flatDocs: (string[] | undefined)[] = [];
  members.forEach((member, i) => {
    if (member.kind === "union") {
      flat.push(...member.members);
      flatDocs.push(...member.members.map((_, j) => member.docs?.[j] ?? (j === 0 ? docs?.[i] : undefined)));
    } else {
      flat.push(member);
      flatDocs.push(docs?.[i]);
    }
  });
  if (flat.some(isUnknown)) return UNKNOWN;
  const seen = new Map<string, number>();
  const kept: TsType[] = [];
  const keptDocs: (string[] | undefined)[] = [];
  flat.forEach((member, i) => {
    if (isNever(member)) return;
    const key = JSON.stringify(member);
    if (seen.has(key)) return;
    seen.set(key, kept.length);
    kept.push(member);
    keptDocs.push(flatDocs[i]);
  });
  if (kept.length === 0) return NEVER;
  if (kept.length === 1) return kept[0]!;
  return keptDocs.some((doc) => doc && doc.length > 0) ? { kind: "union", members: kept, docs: keptDocs } : { kind: "union", members: kept };
}

/** An intersection with `unknown` dropped and `never` absorbing all. */
export function intersection(members: TsType[]): TsType {
  const kept = members.filter((member) => !isUnknown(member));
  if (kept.some(isNever)) return NEVER;
  const unique = [...new Map(kept.map((member) => [JSON.stringify(member), member])).values()];
  if (unique.length === 0) return UNKNOWN;
  if (unique.length === 1) return unique[0]!;
  return { kind: "intersection", members: unique };
}
