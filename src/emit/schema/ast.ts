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
  const candidates = flat.flatMap((member, i) => (isNever(member) ? [] : [i]));
  // The first of each set of equal members, with its docs.
  const firsts = equalGroups(candidates.map((i) => flat[i]!)).map((group) => candidates[group[0]!]!);
  const kept = firsts.map((i) => flat[i]!);
  const keptDocs = firsts.map((i) => flatDocs[i]);
  if (kept.length === 0) return NEVER;
  if (kept.length === 1) return kept[0]!;
  return keptDocs.some((doc) => doc && doc.length > 0) ? { kind: "union", members: kept, docs: keptDocs } : { kind: "union", members: kept };
}

/** An intersection with `unknown` dropped and `never` absorbing all. */
export function intersection(members: TsType[]): TsType {
  const kept = members.filter((member) => !isUnknown(member));
  if (kept.some(isNever)) return NEVER;
  // In the place of the first of equal members, the last: as a Map keyed by their JSON kept them.
  const unique = equalGroups(kept).map((group) => kept[group.at(-1)!]!);
  if (unique.length === 0) return UNKNOWN;
  if (unique.length === 1) return unique[0]!;
  return { kind: "intersection", members: unique };
}

/**
 * The members' indexes, grouped by equality as JSON, each group in the order of its first
 * member. Only members whose outlines collide are stringified: equal types have equal outlines,
 * and stringifying every member made a union nested in others cost its size once per level.
 */
function equalGroups(members: TsType[]): number[][] {
  const byOutline = new Map<string, number[]>();
  members.forEach((member, i) => {
    const key = outline(member);
    const same = byOutline.get(key);
    if (same) same.push(i);
    else byOutline.set(key, [i]);
  });
  // Indexed by each group's first member, so that reading it in order keeps the members' order.
  const groupAt: (number[] | undefined)[] = members.map(() => undefined);
  for (const indexes of byOutline.values()) {
    if (indexes.length === 1) {
      groupAt[indexes[0]!] = indexes;
      continue;
    }
    const byJson = new Map<string, number[]>();
    for (const i of indexes) {
      const key = JSON.stringify(members[i]);
      const same = byJson.get(key);
      if (same) same.push(i);
      else byJson.set(key, (groupAt[i] = [i]));
    }
  }
  return groupAt.filter((group) => group !== undefined);
}

/** What equal types share and unequal ones mostly do not: their kind, and the names or sizes JSON would print. */
function outline(type: TsType): string {
  switch (type.kind) {
    case "keyword":
      return `keyword ${type.name}`;
    case "literal":
      return `literal ${type.text}`;
    case "ref":
      return `ref ${type.name}`;
    case "array":
      return `array ${type.element.kind}`;
    case "tuple":
      return `tuple ${type.elements.length}`;
    case "object":
      return `object ${type.members.map((member) => member.key).join(",")}`;
    case "union":
    case "intersection":
      return `${type.kind} ${type.members.length}`;
  }
}
