import { createHash, randomBytes } from "node:crypto";

/**
 * Receipts. The voter gets a random token once; only sha256("token:proposalId:value")
 * is stored with the ballot. The results publish every counted ballot's hash, sorted,
 * and their fingerprint, so a token holder can find their ballot — with the value they
 * cast — in the published set, while nobody else can link a hash to an organisation.
 */

import { normaliseToken } from "./receipt-code";

export { formatToken, locatorOf, normaliseToken, parseReceiptCode, receiptCode, type ParsedReceiptCode } from "./receipt-code";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding: easy to read aloud and to type. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let acc = 0;
  let out = "";
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** 20 random bytes: 32 base32 characters, shown in groups of four. */
export function newReceiptToken(): string {
  return base32(randomBytes(20));
}

export function receiptHash(token: string, proposalId: string, value: number): string {
  return createHash("sha256").update(`${normaliseToken(token)}:${proposalId}:${value}`).digest("hex");
}

/** The fingerprint of a set of receipt hashes: sha256 of the sorted hashes, one per line. */
export function fingerprintOf(hashes: string[]): string {
  return createHash("sha256").update([...hashes].sort().join("\n")).digest("hex");
}
