import { typeIdentifier } from "../names.js";
import type { TsType } from "./ast.js";
import { printType } from "./print.js";
import type { TypeRegistry } from "./registry.js";

/** Below this many characters saved (about 15 tokens), a shared name would cost a reader more than it spares. */
const MIN_SAVED = 60;

/** A place in a type tree that holds a type: replacing it there swaps in a reference. */
interface Slot {
  type: TsType;
  /** The property the type is the value of (or the element type of), for naming. */
  key: string | undefined;
  /** Whether the type is an element of the property's array: `entities: Entity[]`. */
  element?: boolean;
  replace(type: TsType): void;
}

/**
 * Object types that one namespace spells out alike in several places (lark's localized names,
 * mapbox's coordinates, a payload reference on ten outputs), declared once and referenced by
 * name, the way `$defs` already are: the same type, its docs included, read once instead of
 * each time. Largest saving first, until no repeat is worth a name. The roots themselves (tool
 * inputs and outputs, declarations) stay as they are.
 */
export function shareRepeated(roots: TsType[], registry: TypeRegistry): void {
  const all = [...roots];
  for (;;) {
    const best = mostRepeated(all);
    if (!best) return;
    const name = registry.scope.claim(best.name);
    const type = best.slots[0]!.type;
    registry.declare({ name, doc: [], type });
    for (const slot of best.slots) slot.replace({ kind: "ref", name });
    all.push(type);
  }
}

/** The object type whose repeats would save the most characters, with every slot holding it. */
function mostRepeated(roots: TsType[]): { slots: Slot[]; name: string } | undefined {
  // Numbered afresh on every pass: the last pass's replacements changed the trees above them.
  const ids = new StructuralIds();
  const groups = new Map<number, Slot[]>();
  for (const root of roots) {
    for (const slot of slotsUnder(root)) {
      if (!shareable(slot.type)) continue;
      const id = ids.of(slot.type);
      const group = groups.get(id) ?? groups.set(id, []).get(id)!;
      group.push(slot);
    }
  }
  let best: { slots: Slot[]; name: string; saved: number } | undefined;
  for (const slots of groups.values()) {
    if (slots.length < 2) continue;
    const text = printType(slots[0]!.type);
    if ((slots.length - 1) * text.length < MIN_SAVED) continue;
    const name = nameFor(slots);
    if (!name) continue;
    // Each use spells the name instead of the text; the declaration adds the name and its keyword.
    const saved = (slots.length - 1) * text.length - (slots.length + 1) * name.length - 12;
    if (saved >= MIN_SAVED && (!best || saved > best.saved)) best = { slots, name, saved };
  }
  return best;
}

/**
 * Numbers type trees so that equal trees, docs included, get equal numbers. A tree's key holds
 * its children's numbers, not their text, so numbering every subtree of a namespace costs its
 * size once: keying each subtree by its whole JSON cost its size times its depth, about half of
 * a 1,000-tool API's emit time. The keys name every field of `TsType` (a field added there must
 * be added here), in a fixed order: types JSON told apart only by their fields' order are equal.
 */
class StructuralIds {
  private readonly known = new Map<TsType, number>();
  private readonly byKey = new Map<string, number>();

  of(type: TsType): number {
    let id = this.known.get(type);
    if (id === undefined) {
      const key = this.keyOf(type);
      id = this.byKey.get(key);
      if (id === undefined) this.byKey.set(key, (id = this.byKey.size));
      this.known.set(type, id);
    }
    return id;
  }

  private keyOf(type: TsType): string {
    switch (type.kind) {
      case "keyword":
        return JSON.stringify(["keyword", type.name]);
      case "literal":
        return JSON.stringify(["literal", type.text]);
      case "ref":
        return JSON.stringify(["ref", type.name]);
      case "array":
        return JSON.stringify(["array", this.of(type.element)]);
      case "tuple":
        return JSON.stringify(["tuple", type.elements.map((element) => [this.of(element.type), element.optional]), type.rest ? this.of(type.rest) : null]);
      case "object":
        return JSON.stringify(["object", type.members.map((member) => [member.key, member.optional, this.of(member.type), member.doc]), type.index ? this.of(type.index) : null, type.doc ?? null]);
      case "union":
        return JSON.stringify(["union", type.members.map((member) => this.of(member)), type.docs ?? null]);
      case "intersection":
        return JSON.stringify(["intersection", type.members.map((member) => this.of(member))]);
    }
  }
}

/** Object types with members, and unions (`"open_id" | "union_id" | "user_id"` on every lark tool). */
function shareable(type: TsType): boolean {
  return (type.kind === "object" && type.members.length > 0) || type.kind === "union";
}

/** Every slot below a type (not the type itself), outermost first. */
function slotsUnder(root: TsType): Slot[] {
  const slots: Slot[] = [];
  // Gathered into one array: nested generators paid for every slot once per level above it.
  const visit = (slot: Slot) => {
    slots.push(slot);
    under(slot.type, slot.key);
  };
  const under = (type: TsType, key: string | undefined) => {
    switch (type.kind) {
      case "object":
        for (const member of type.members) visit({ type: member.type, key: member.key, replace: (t) => (member.type = t) });
        if (type.index) visit({ type: type.index, key, replace: (t) => (type.index = t) });
        return;
      case "array":
        visit({ type: type.element, key, element: true, replace: (t) => (type.element = t) });
        return;
      case "tuple":
        for (const element of type.elements) visit({ type: element.type, key, replace: (t) => (element.type = t) });
        if (type.rest) visit({ type: type.rest, key, replace: (t) => (type.rest = t) });
        return;
      case "union":
      case "intersection":
        for (let i = 0; i < type.members.length; i++) visit({ type: type.members[i]!, key, replace: (t) => (type.members[i] = t) });
        return;
      default:
        return;
    }
  };
  under(root, undefined);
  return slots;
}

/**
 * The property all uses share (`mapboxRender` → `MapboxRender`, `entities: […]` → `Entity`);
 * when they differ, an object's first two property names (`{ longitude, latitude }` →
 * `LongitudeLatitude`). A union used under different names gets none: it stays spelled out.
 */
function nameFor(slots: Slot[]): string | undefined {
  const keys = new Set(slots.map((slot) => slot.key));
  const [key] = keys;
  if (keys.size === 1 && key !== undefined) return typeIdentifier(slots.every((slot) => slot.element) ? singular(unquote(key)) : unquote(key));
  const type = slots[0]!.type;
  if (type.kind !== "object") return undefined;
  return typeIdentifier(type.members.slice(0, 2).map((member) => unquote(member.key)).join("_"));
}

/** `entities` → `entity`, `fields` → `field`; `status`, `address`, `analysis` stay. */
function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + "y";
  return /[^sui]s$/.test(word) ? word.slice(0, -1) : word;
}

function unquote(key: string): string {
  return key.startsWith('"') ? (JSON.parse(key) as string) : key;
}
