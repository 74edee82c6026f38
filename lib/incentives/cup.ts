import { isValidCor, isValidCup } from "@/lib/identifiers";

/**
 * CUP (Codice Unico di Progetto) and COR of a grant's concession. The check itself lives in
 * lib/identifiers.ts (the applications use it too); this only normalises what a form sends.
 */
export { isValidCor, isValidCup };

/** The CUP as stored: trimmed, upper case, no spaces. */
export function normaliseCup(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}
