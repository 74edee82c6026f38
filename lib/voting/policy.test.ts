import { describe, expect, it } from "vitest";
import { allocate, ballotValues, compareFractions, fractionToDecimal, isQuorumReached, isValidBallotValue, rank, type TallyRow } from "./policy";
import { base32, fingerprintOf, formatToken, newReceiptToken, receiptHash } from "./receipt";

const row = (id: string, num: number, den: number, requested: number, submitted: string, reference = id): TallyRow => ({
  proposalId: id,
  reference,
  title: id,
  leadName: "",
  requestedCents: requested,
  submittedAt: new Date(submitted),
  value: { num, den },
  ballots: 0,
});

describe("ballot values", () => {
  it("approval is -1, 0, 1; score is 0–5; integers only", () => {
    expect(ballotValues("approval")).toEqual([-1, 0, 1]);
    expect(ballotValues("score")).toEqual([0, 1, 2, 3, 4, 5]);
    expect(isValidBallotValue("approval", 2)).toBe(false);
    expect(isValidBallotValue("approval", -2)).toBe(false);
    expect(isValidBallotValue("score", -1)).toBe(false);
    expect(isValidBallotValue("score", 6)).toBe(false);
    expect(isValidBallotValue("score", 2.5)).toBe(false);
    expect(isValidBallotValue("score", 5)).toBe(true);
  });
});

describe("quorum", () => {
  it("compares with integers, reaching it exactly counts, no eligible weight never does", () => {
    expect(isQuorumReached({ turnoutWeight: 5, eligibleWeight: 10, quorumBp: 5000 })).toBe(true);
    expect(isQuorumReached({ turnoutWeight: 4, eligibleWeight: 10, quorumBp: 5000 })).toBe(false);
    // 1/3 against 33.33%: 1 × 10000 = 10000 ≥ 3333 × 3 = 9999.
    expect(isQuorumReached({ turnoutWeight: 1, eligibleWeight: 3, quorumBp: 3333 })).toBe(true);
    expect(isQuorumReached({ turnoutWeight: 1, eligibleWeight: 3, quorumBp: 3334 })).toBe(false);
    expect(isQuorumReached({ turnoutWeight: 0, eligibleWeight: 0, quorumBp: 1 })).toBe(false);
  });
});

describe("fractions", () => {
  it("compare by cross-multiplication and print without floats", () => {
    expect(compareFractions({ num: 11, den: 3 }, { num: 7, den: 2 })).toBe(1);
    expect(compareFractions({ num: 2, den: 4 }, { num: 1, den: 2 })).toBe(0);
    // Beyond float precision: 1e15+1 / 1e15 against 1.
    expect(compareFractions({ num: 1e15 + 1, den: 1e15 }, { num: 1, den: 1 })).toBe(1);
    expect(fractionToDecimal({ num: 11, den: 3 })).toBe("3.67");
    expect(fractionToDecimal({ num: -3, den: 1 })).toBe("-3.00");
    expect(fractionToDecimal({ num: 1, den: 8 })).toBe("0.13");
  });
});

describe("rank", () => {
  it("orders by value, then earlier submission, then reference", () => {
    const ranked = rank([
      row("late", 3, 1, 1, "2026-02-02T10:00:00Z"),
      row("top", 5, 1, 1, "2026-02-03T10:00:00Z"),
      row("early", 3, 1, 1, "2026-02-01T10:00:00Z"),
      row("b", 1, 1, 1, "2026-02-01T10:00:00Z", "CAN-2"),
      row("a", 1, 1, 1, "2026-02-01T10:00:00Z", "CAN-1"),
    ]);
    expect(ranked.map((r) => [r.proposalId, r.rank])).toEqual([
      ["top", 1],
      ["early", 2],
      ["late", 3],
      ["a", 4],
      ["b", 5],
    ]);
  });
});

describe("allocate", () => {
  it("skips what does not fit and goes on; without quorum nothing is allocated", () => {
    const ranked = rank([row("A", 3, 1, 500, "2026-02-01"), row("B", 2, 1, 600, "2026-02-01"), row("C", 1, 1, 400, "2026-02-01")]);
    const a = allocate(ranked, 1000, true);
    expect(a.entries.map((e) => e.outcome)).toEqual(["allocated", "skipped", "allocated"]);
    expect(a).toMatchObject({ allocatedCents: 900, skippedCents: 600, remainingCents: 100 });
    const none = allocate(ranked, 1000, false);
    expect(none.entries.every((e) => e.outcome === "not_allocated" && e.allocatedCents === 0)).toBe(true);
    expect(none).toMatchObject({ allocatedCents: 0, remainingCents: 1000 });
  });

  /**
   * Known answer, worked out by hand. Score voting, budget €1,000. Voters and weights:
   * O1 = 3, O2 = 2, O3 = 1.
   *   P (asks €400, submitted 1 Feb): O1 5, O2 3        → (15 + 6) / (3 + 2)   = 21/5 = 4.20
   *   Q (asks €500, submitted 2 Feb): O1 4, O2 4, O3 5  → (12 + 8 + 5) / 6     = 25/6 ≈ 4.17
   *   R (asks €300, submitted 3 Feb): O2 5, O3 2        → (10 + 2) / 3         = 12/3 = 4.00
   *   S (asks €200, submitted 1 Jan): O1 4, O3 4        → (12 + 4) / 4         = 16/4 = 4.00
   * Ranking: P 4.20, Q 4.17, then S and R tie at 4.00 and S was submitted earlier.
   * Allocation: P 400 (600 left), Q 500 (100 left), S 200 does not fit (skipped),
   * R 300 does not fit (skipped). Allocated 900, skipped 500, remaining 100.
   */
  it("known answer", () => {
    const ranked = rank([
      row("R", 12, 3, 300_00, "2026-02-03T09:00:00Z"),
      row("P", 21, 5, 400_00, "2026-02-01T09:00:00Z"),
      row("S", 16, 4, 200_00, "2026-01-01T09:00:00Z"),
      row("Q", 25, 6, 500_00, "2026-02-02T09:00:00Z"),
    ]);
    expect(ranked.map((r) => `${r.proposalId} ${fractionToDecimal(r.value)}`)).toEqual(["P 4.20", "Q 4.17", "S 4.00", "R 4.00"]);
    const a = allocate(ranked, 1000_00, true);
    expect(a.entries.map((e) => [e.proposalId, e.outcome, e.allocatedCents])).toEqual([
      ["P", "allocated", 400_00],
      ["Q", "allocated", 500_00],
      ["S", "skipped", 0],
      ["R", "skipped", 0],
    ]);
    expect(a).toMatchObject({ allocatedCents: 900_00, skippedCents: 500_00, remainingCents: 100_00 });
  });
});

describe("receipts", () => {
  it("are 32 base32 characters; the hash binds token, proposal and value; the fingerprint ignores order", () => {
    expect(base32(new Uint8Array([0xff, 0x00]))).toBe("74AA");
    const token = newReceiptToken();
    expect(token).toMatch(/^[A-Z2-7]{32}$/);
    expect(formatToken(token)).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    const h = receiptHash(token, "p1", 1);
    expect(receiptHash(formatToken(token).toLowerCase(), "p1", 1)).toBe(h);
    expect(receiptHash(token, "p1", -1)).not.toBe(h);
    expect(receiptHash(token, "p2", 1)).not.toBe(h);
    expect(fingerprintOf(["b", "a"])).toBe(fingerprintOf(["a", "b"]));
  });
});
