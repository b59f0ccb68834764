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
  const groups = new Map<string, Slot[]>();
  for (const root of roots) {
    for (const slot of slotsUnder(root)) {
      if (!shareable(slot.type)) continue;
      // The tree as JSON (native, fast) groups equal types; only repeated ones are printed.
      const key = JSON.stringify(slot.type);
      const group = groups.get(key) ?? groups.set(key, []).get(key)!;
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

/** Object types with members, and unions (`"open_id" | "union_id" | "user_id"` on every lark tool). */
function shareable(type: TsType): boolean {
  return (type.kind === "object" && type.members.length > 0) || type.kind === "union";
}

/** Every slot below a type (not the type itself), outermost first. */
function* slotsUnder(type: TsType, key?: string): Generator<Slot> {
  const visit = function* (slot: Slot): Generator<Slot> {
    yield slot;
    yield* slotsUnder(slot.type, slot.key);
  };
  switch (type.kind) {
    case "object":
      for (const member of type.members) yield* visit({ type: member.type, key: member.key, replace: (t) => (member.type = t) });
      if (type.index) yield* visit({ type: type.index, key, replace: (t) => (type.index = t) });
      return;
    case "array":
      yield* visit({ type: type.element, key, element: true, replace: (t) => (type.element = t) });
      return;
    case "tuple":
      for (const element of type.elements) yield* visit({ type: element.type, key, replace: (t) => (element.type = t) });
      if (type.rest) yield* visit({ type: type.rest, key, replace: (t) => (type.rest = t) });
      return;
    case "union":
    case "intersection":
      for (let i = 0; i < type.members.length; i++) yield* visit({ type: type.members[i]!, key, replace: (t) => (type.members[i] = t) });
      return;
    default:
      return;
  }
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
