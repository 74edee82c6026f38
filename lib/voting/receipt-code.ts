/**
 * The receipt code as people see, keep and type it. No crypto here: the schemas that
 * parse it are shared with client forms (lib/voting/receipt.ts has the hashing).
 */

/** What people type back: case, spaces and dashes do not matter. */
export function normaliseToken(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, "");
}

export function formatToken(token: string): string {
  return token.match(/.{1,4}/g)?.join("-") ?? token;
}

/**
 * The code a voter keeps: the proposal's public reference, then the token
 * ("CAN-2026-0001-ABCD-…-WXYZ"). The reference is only a locator — it says where to
 * look, never what was found: the check still needs sha256(token:proposalId:value) to be
 * in the published set, so a code with someone else's reference, or a made-up one,
 * matches nothing. The stored hash is the token's alone, as before the locator existed.
 * A proposal without a reference (never voted on in practice) gets the bare token.
 */
export function receiptCode(reference: string | null, token: string): string {
  const locator = reference ? locatorOf(reference) : "";
  return locator ? `${reference}-${formatToken(token)}` : formatToken(token);
}

/** A reference as it appears in a normalised code: letters and digits, upper case. */
export function locatorOf(reference: string): string {
  return reference.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export type ParsedReceiptCode = { locator: string | null; token: string };

/**
 * Reads a code as typed: case, spaces and dashes do not matter. The last 32 characters are
 * the token; whatever comes before them is the locator (letters and digits, at most 40).
 * A bare 32-character token is an older code without a locator. Null when it cannot be a code.
 */
export function parseReceiptCode(text: string): ParsedReceiptCode | null {
  const flat = normaliseToken(text);
  if (flat.length < 32) return null;
  const token = flat.slice(-32);
  const locator = flat.slice(0, -32);
  if (!/^[A-Z2-7]{32}$/.test(token)) return null;
  if (locator === "") return { locator: null, token };
  if (!/^[A-Z0-9]{1,40}$/.test(locator)) return null;
  return { locator, token };
}
