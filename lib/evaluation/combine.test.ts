import { describe, expect, it } from "vitest";
import type { TallyRow } from "@/lib/voting/policy";
import { bigToDecimal, combine, parseBig, voteFraction, weightedFraction, type CombineInput, type EvaluationRule } from "./combine";

/** A tally row: `value` is the raw vote (approval: net weighted yes, den 1; score: weighted mean num/den). */
function row(id: string, value: { num: number; den: number }, extra: Partial<TallyRow> = {}): TallyRow {
  return {
    proposalId: id,
    reference: `R-${id}`,
    title: `Proposta ${id}`,
    leadName: "Capofila",
    requestedCents: 100_000_00,
    submittedAt: new Date(`2026-01-01T09:00:00Z`),
    value,
    ballots: 1,
    ...extra,
  };
}

function run(input: Partial<Omit<CombineInput, "technical">> & { rows: TallyRow[]; rule: EvaluationRule; technical: Record<string, number> }) {
  return combine({
    method: "approval",
    eligibleWeight: 5,
    budgetCents: 1_000_000_00,
    quorumReached: true,
    ...input,
    technical: new Map(Object.entries(input.technical)),
  });
}

const summary = (a: ReturnType<typeof combine>) => a.entries.map((e) => [e.proposalId, e.rank, e.outcome, `${e.evaluation.finalNum}/${e.evaluation.finalDen}`]);

describe("combine: weighted (known answer, worked out by hand)", () => {
  it("approval, w = 40 %, minimum 60 of 100, E = 5, budget 250,000 €, each asks 100,000 €", () => {
    // vote = (net + E) / 2E = (net + 5) / 10; final = 0.4 × tech/100 + 0.6 × vote
    // A: tech 80, net  1 → vote 6/10 = 3/5; final = 0.32 + 0.36 = 0.68 = 17/25
    //    exactly: (4000·4·5 + 6000·3·5) / (10000·5·5) = 170000 / 250000 = 17/25
    // B: tech 70, net  3 → vote 8/10 = 4/5; final = 0.28 + 0.48 = 0.76 = 19/25
    // C: tech 90, net -1 → vote 4/10 = 2/5; final = 0.36 + 0.24 = 0.60 = 3/5
    // D: tech 50, net  5 → vote 1;          final = 0.20 + 0.60 = 0.80 = 4/5, but 50 < 60: below the minimum, last, never funded
    // Ranking B, A, C, D. Budget 250,000: B (150,000 left), A (50,000 left), C does not fit (skipped), D below threshold.
    const a = run({
      rule: { mode: "weighted", minTotal: 60, weightBp: 4000, maxTotal: 100 },
      rows: [row("A", { num: 1, den: 1 }), row("B", { num: 3, den: 1 }), row("C", { num: -1, den: 1 }), row("D", { num: 5, den: 1 })],
      technical: { A: 80, B: 70, C: 90, D: 50 },
      budgetCents: 250_000_00,
    });
    expect(summary(a)).toEqual([
      ["B", 1, "allocated", "19/25"],
      ["A", 2, "allocated", "17/25"],
      ["C", 3, "skipped", "3/5"],
      ["D", 4, "below_threshold", "4/5"],
    ]);
    expect(a.entries[1].evaluation).toEqual({ technicalPoints: 80, technicalMax: 100, voteNum: "3", voteDen: "5", finalNum: "17", finalDen: "25" });
    expect([a.allocatedCents, a.skippedCents, a.remainingCents]).toEqual([200_000_00, 100_000_00, 50_000_00]);
  });

  it("w = 0 ranks by the vote alone, w = 1 by the technical score alone (score voting)", () => {
    // P: tech 90/100, mean 2 → vote 2/5; Q: tech 60/100, mean 5 → vote 1.
    // w = 0:     P 2/5, Q 1       → Q, P.   w = 10000: P 9/10, Q 3/5 → P, Q.
    const rows = [row("P", { num: 4, den: 2 }), row("Q", { num: 10, den: 2 })];
    const base = { method: "score" as const, rows, technical: { P: 90, Q: 60 } };
    expect(summary(run({ ...base, rule: { mode: "weighted", minTotal: 0, weightBp: 0, maxTotal: 100 } }))).toEqual([
      ["Q", 1, "allocated", "1/1"],
      ["P", 2, "allocated", "2/5"],
    ]);
    expect(summary(run({ ...base, rule: { mode: "weighted", minTotal: 0, weightBp: 10_000, maxTotal: 100 } }))).toEqual([
      ["P", 1, "allocated", "9/10"],
      ["Q", 2, "allocated", "3/5"],
    ]);
  });

  it("E = 0 (approval): the vote is 0 and only the technical part counts; without quorum nothing is allocated", () => {
    // w = 50 %: P tech 80 → 0.5 × 0.8 = 2/5; Q tech 60 → 3/10; R tech 10 < 20 → below.
    const a = run({
      eligibleWeight: 0,
      quorumReached: false,
      rule: { mode: "weighted", minTotal: 20, weightBp: 5000, maxTotal: 100 },
      rows: [row("Q", { num: 0, den: 1 }), row("R", { num: 0, den: 1 }), row("P", { num: 0, den: 1 })],
      technical: { P: 80, Q: 60, R: 10 },
    });
    expect(summary(a)).toEqual([
      ["P", 1, "not_allocated", "2/5"],
      ["Q", 2, "not_allocated", "3/10"],
      ["R", 3, "below_threshold", "1/20"],
    ]);
    expect(a.entries.every((e) => e.evaluation.voteNum === "0" && e.evaluation.voteDen === "1")).toBe(true);
    expect(a.allocatedCents).toBe(0);
  });
});

describe("combine: threshold (known answer)", () => {
  it("score voting, minimum 60 of 100, budget 150,000 €: only those reaching 60 are ranked by the vote", () => {
    // vote = mean / 5. A: tech 60 (= minimum: fundable), mean 8/2 = 4 → 4/5; B: tech 95, mean 9/3 = 3 → 3/5.
    // C: tech 59, D: tech 20: below the minimum, no ballots (vote 0); they follow by technical score, C then D.
    // A asks 100,000 (50,000 left), B asks 60,000: does not fit → skipped.
    const a = run({
      method: "score",
      rule: { mode: "threshold", minTotal: 60, weightBp: 5000, maxTotal: 100 },
      rows: [
        row("D", { num: 0, den: 1 }, { ballots: 0 }),
        row("B", { num: 9, den: 3 }, { requestedCents: 60_000_00 }),
        row("C", { num: 0, den: 1 }, { ballots: 0 }),
        row("A", { num: 8, den: 2 }),
      ],
      technical: { A: 60, B: 95, C: 59, D: 20 },
      budgetCents: 150_000_00,
    });
    expect(summary(a)).toEqual([
      ["A", 1, "allocated", "4/5"],
      ["B", 2, "skipped", "3/5"],
      ["C", 3, "below_threshold", "0/1"],
      ["D", 4, "below_threshold", "0/1"],
    ]);
    expect(a.entries.map((e) => e.evaluation.technicalPoints)).toEqual([60, 95, 59, 20]);
    expect([a.allocatedCents, a.skippedCents, a.remainingCents]).toEqual([100_000_00, 60_000_00, 50_000_00]);
  });
});

describe("combine: technical only (known answer)", () => {
  it("approval, E = 6, minimum 50: ranked by the technical score, the vote shown beside it; ties by earlier submission", () => {
    // technical: B 85/100 = 17/20; A and C 70/100 = 7/10 (tie: C submitted earlier goes first); D 40 < 50 → below.
    // vote (advisory) = (net + 6) / 12: A net -3 → 3/12 = 1/4; B net 0 → 1/2; C net 5 → 11/12; D net 0 → 1/2.
    const a = run({
      eligibleWeight: 6,
      rule: { mode: "technical_only", minTotal: 50, weightBp: 5000, maxTotal: 100 },
      rows: [
        row("A", { num: -3, den: 1 }, { submittedAt: new Date("2026-01-02T09:00:00Z") }),
        row("B", { num: 0, den: 1 }),
        row("C", { num: 5, den: 1 }, { submittedAt: new Date("2026-01-01T08:00:00Z") }),
        row("D", { num: 0, den: 1 }),
      ],
      technical: { A: 70, B: 85, C: 70, D: 40 },
    });
    expect(summary(a)).toEqual([
      ["B", 1, "allocated", "17/20"],
      ["C", 2, "allocated", "7/10"],
      ["A", 3, "allocated", "7/10"],
      ["D", 4, "below_threshold", "2/5"],
    ]);
    expect(a.entries.map((e) => `${e.evaluation.voteNum}/${e.evaluation.voteDen}`)).toEqual(["1/2", "11/12", "1/4", "1/2"]);
  });
});

describe("combine: ties and helpers", () => {
  it("equal final scores and submissions: by reference, then by id; the input order never matters", () => {
    // Both: tech 80, net 0, E 2 → vote 1/2; w 50 % → 0.4 + 0.25 = 13/20.
    const rows = [row("Y", { num: 0, den: 1 }, { reference: "R-2" }), row("X", { num: 0, den: 1 }, { reference: "R-2" }), row("Z", { num: 0, den: 1 }, { reference: "R-1" })];
    const input = { eligibleWeight: 2, rule: { mode: "weighted" as const, minTotal: 0, weightBp: 5000, maxTotal: 100 }, technical: { X: 80, Y: 80, Z: 80 } };
    const forward = run({ ...input, rows });
    const backward = run({ ...input, rows: [...rows].reverse() });
    expect(forward.entries.map((e) => e.proposalId)).toEqual(["Z", "X", "Y"]);
    expect(backward.entries.map((e) => e.proposalId)).toEqual(["Z", "X", "Y"]);
    expect(forward.entries[0].evaluation.finalNum + "/" + forward.entries[0].evaluation.finalDen).toBe("13/20");
  });

  it("normalises and prints exactly", () => {
    expect(voteFraction("approval", { num: -5, den: 1 }, 5)).toEqual({ num: 0n, den: 1n });
    expect(voteFraction("score", { num: 0, den: 0 }, 5)).toEqual({ num: 0n, den: 1n });
    // (3333·1·3 + 6667·2·3) / (10000·3·3) = 50001 / 90000 = 16667 / 30000
    expect(weightedFraction(3333, { num: 1n, den: 3n }, { num: 2n, den: 3n })).toEqual({ num: 16_667n, den: 30_000n });
    expect(bigToDecimal({ num: 17n, den: 25n }, 4)).toBe("0.6800");
    expect(bigToDecimal({ num: 2n, den: 3n }, 2)).toBe("0.67");
    expect(parseBig("17", "25")).toEqual({ num: 17n, den: 25n });
    expect(parseBig("1e3", "25")).toBeNull();
    expect(parseBig("1", "0")).toBeNull();
  });
});
