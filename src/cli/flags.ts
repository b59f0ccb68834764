import { CodemodeError } from "../errors.js";

/** A flag's value as a positive whole number, or a usage error naming the flag. */
export function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new CodemodeError("USAGE", `${flag} takes a positive whole number, got "${text}"`);
  return value;
}
