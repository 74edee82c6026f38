import { describe, expect, it } from "vitest";
import { formatToken, locatorOf, parseReceiptCode, receiptCode } from "./receipt-code";
import { newReceiptToken, receiptHash } from "./receipt";

describe("receipt codes", () => {
  it("put the proposal's reference before the token, and read back the same locator and token however typed", () => {
    const token = newReceiptToken();
    const code = receiptCode("CAN-2026-0001", token);
    expect(code).toMatch(/^CAN-2026-0001-([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    for (const typed of [code, code.toLowerCase(), code.replace(/-/g, " "), ` ${code.replace(/-/g, "")} `]) {
      expect(parseReceiptCode(typed)).toEqual({ locator: "CAN20260001", token });
    }
    expect(locatorOf("can-2026-0001")).toBe("CAN20260001");
  });

  it("read an older code without a locator, and a proposal without a reference gets the bare token", () => {
    const token = newReceiptToken();
    expect(parseReceiptCode(formatToken(token))).toEqual({ locator: null, token });
    expect(parseReceiptCode("TAVOLODEMORICEVUTACANAVESEPATTOX")).toEqual({ locator: null, token: "TAVOLODEMORICEVUTACANAVESEPATTOX" });
    expect(receiptCode(null, token)).toBe(formatToken(token));
  });

  it("refuse what cannot be a code", () => {
    const token = newReceiptToken();
    expect(parseReceiptCode("")).toBeNull();
    expect(parseReceiptCode(token.slice(1))).toBeNull();
    // 0, 1, 8 and 9 are not base32: a token with them is a typo, not a code.
    expect(parseReceiptCode(`CAN-2026-0001-${token.slice(0, -1)}1`)).toBeNull();
    expect(parseReceiptCode(`CAN/2026-${token}`)).toBeNull();
    expect(parseReceiptCode(`${"A".repeat(41)}${token}`)).toBeNull();
  });

  it("leave the stored hash the token's: the locator is not part of it, so it cannot be forged into a match", () => {
    const token = newReceiptToken();
    const parsed = parseReceiptCode(receiptCode("CAN-2026-0001", token))!;
    expect(receiptHash(parsed.token, "p1", 1)).toBe(receiptHash(token, "p1", 1));
    // Another proposal's reference in front of the same token points at a hash that was never stored.
    const forged = parseReceiptCode(receiptCode("CAN-2026-0002", token))!;
    expect(forged.token).toBe(token);
    expect(receiptHash(forged.token, "p2", 1)).not.toBe(receiptHash(token, "p1", 1));
  });
});
