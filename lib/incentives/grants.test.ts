import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls, expenseReports, grants, tranches } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { correctResults } from "@/lib/voting/service";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createPlatformAdmin, createUser } from "@/test/factories";
import { fundedScenario, grantRow, type FundedScenario } from "@/test/grants";
import { AFTER_VOTING } from "@/test/voting";
import { requireGrantPromoter, requireGrantReader, requireGrantRepresentative } from "./grant-permissions";
import { getGrantView } from "./grant-queries";
import { closeGrant, createGrantsForResults, recordConcession, releaseTranche, revokeGrant } from "./grants";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** 9 March 2026 (Rome), the day after the vote. */
const TODAY = "2026-03-09";

const concession = (f: FundedScenario, grantId: string, version = 1, overrides: Record<string, unknown> = {}) =>
  recordConcession(db, f.s.coalition.promoter.admin.actor, {
    grantId,
    version,
    actNumber: "Determinazione n. 45/2026",
    actDate: "2026-03-09",
    cup: "j51b24000123000",
    cor: "1234567",
    startsOn: "2026-04-01",
    endsOn: "2027-03-31",
    finalReportDueOn: "2027-05-31",
    ...overrides,
  });

/** A reviewed report with this much accepted (as helper expenses' completeReview leaves it). */
async function reviewedReport(grantId: string, number: number, acceptedCents: number, isFinal = false, status: "in_progress" | "reported" = isFinal ? "reported" : "in_progress") {
  const g = await grantRow(db, grantId);
  await db.insert(expenseReports).values({ grantId, number, isFinal, status: "reviewed", createdBy: g.createdBy, submittedAt: new Date(), reviewedAt: new Date() });
  await db.update(grants).set({ acceptedCents: g.acceptedCents + acceptedCents, status }).where(eq(grants.id, grantId));
}

async function paidSum(grantId: string): Promise<number> {
  const [row] = await db.select({ s: sql<string>`coalesce(sum(${tranches.amountCents}), 0)` }).from(tranches).where(eq(tranches.grantId, grantId));
  return Number(row.s);
}

describe("grants from the results", () => {
  it("one grant per accepted partner, the allocation split by cost − co-financing, audited", async () => {
    const f = await fundedScenario(db);
    expect([f.lead, f.firm, f.university].map((g) => [g.eligibleCostCents, g.grantedCents, g.status, g.resultsVersion])).toEqual([
      [250_000_00, 130_000_00, "granted", 1],
      [50_000_00, 50_000_00, "granted", 1],
      [100_000_00, 100_000_00, "granted", 1],
    ]);
    expect(await auditActionsFor(db, f.lead.id)).toEqual(["grant.created"]);

    // A correction recounting the same ballots keeps the grants as they are.
    await correctResults(db, f.s.coalition.promoter.admin.actor, { callId: f.s.callId, reason: "Ricontrollo del comitato" });
    const rows = await db.select().from(grants).where(eq(grants.proposalId, f.proposalId));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.resultsVersion === 1 && r.status === "granted")).toBe(true);
  });

  it("a correction that no longer selects a proposal revokes its unpaid grants with the reason; paid ones stay", async () => {
    const f = await fundedScenario(db);
    await concession(f, f.firm.id);
    await releaseTranche(db, f.s.coalition.promoter.admin.actor, { grantId: f.firm.id, kind: "advance", amount: "1.000", guarantee: "Fideiussione n. 1", paidOn: TODAY });
    const [call] = await db.select().from(calls).where(eq(calls.id, f.s.callId));
    const result = await db.transaction((tx) =>
      createGrantsForResults(tx, { call, version: 2, actorUserId: f.s.coalition.promoter.admin.actor.userId, selectedProposalIds: [], allocations: new Map(), at: AFTER_VOTING, reason: "Errore nel conteggio" }),
    );
    expect(result).toEqual({ created: 0, revoked: 2 });
    expect(await grantRow(db, f.lead.id)).toMatchObject({ status: "revoked", revokedCents: 130_000_00, revocationReason: "Errore nel conteggio" });
    expect(await grantRow(db, f.firm.id)).toMatchObject({ status: "in_progress", revokedCents: 0 });
    expect(await auditActionsFor(db, f.university.id)).toEqual(["grant.created", "grant.revoked"]);
  });
});

describe("who may see and act on a grant", () => {
  it("partner representative, plain member, stranger, promoter, promoter's plain member, platform admin", async () => {
    const f = await fundedScenario(db);
    const representative = f.s.firm.admin.actor;
    const plain = (await addMember(db, f.s.firm, "member")).actor;
    const named = (await addMember(db, f.s.firm, "member", { representative: true })).actor;
    const stranger = (await createUser(db)).actor;
    const promoter = f.s.coalition.promoter.admin.actor;
    const promoterPlain = (await addMember(db, f.s.coalition.promoter, "member")).actor;
    const admin = (await createPlatformAdmin(db)).actor;
    const otherPartner = f.s.lead.admin.actor;
    const id = f.firm.id;

    for (const reader of [representative, plain, named, promoter, promoterPlain, admin]) {
      expect((await getGrantView(db, reader, id)).grant.id).toBe(id);
    }
    await expectAppError(getGrantView(db, stranger, id), "NOT_FOUND", "grantNotFound");
    // Another partner of the same proposal reads its own grant only.
    await expectAppError(getGrantView(db, otherPartner, id), "NOT_FOUND", "grantNotFound");
    await expectAppError(getGrantView(db, representative, "00000000-0000-4000-8000-000000000000"), "NOT_FOUND", "grantNotFound");
    await expectAppError(getGrantView(db, representative, "not-a-uuid"), "NOT_FOUND", "grantNotFound");

    const view = await getGrantView(db, promoter, id);
    expect(view.viewer).toMatchObject({ isPromoter: true, isRepresentative: false });
    expect((await getGrantView(db, named, id)).viewer).toMatchObject({ isPromoter: false, isRepresentative: true });
    expect((await getGrantView(db, plain, id)).viewer).toMatchObject({ isPromoter: false, isRepresentative: false, isMember: true });

    await db.transaction(async (tx) => {
      await requireGrantPromoter(tx, promoter, id, { lock: true });
      await requireGrantRepresentative(tx, representative, id, { lock: true });
      await requireGrantRepresentative(tx, named, id);
      await requireGrantReader(tx, admin, id);
    });
    const asPromoter = (actor: typeof promoter) => db.transaction((tx) => requireGrantPromoter(tx, actor, id));
    const asRepresentative = (actor: typeof promoter) => db.transaction((tx) => requireGrantRepresentative(tx, actor, id));
    await expectAppError(asPromoter(representative), "FORBIDDEN", "grantPromoterOnly");
    await expectAppError(asPromoter(plain), "FORBIDDEN", "grantPromoterOnly");
    await expectAppError(asPromoter(promoterPlain), "FORBIDDEN", "grantPromoterOnly");
    await expectAppError(asPromoter(admin), "FORBIDDEN", "grantPromoterOnly");
    await expectAppError(asPromoter(stranger), "NOT_FOUND", "grantNotFound");
    await expectAppError(asRepresentative(plain), "FORBIDDEN", "notRepresentative");
    await expectAppError(asRepresentative(promoter), "FORBIDDEN", "grantRepresentativeOnly");
    await expectAppError(asRepresentative(admin), "FORBIDDEN", "grantRepresentativeOnly");
    await expectAppError(asRepresentative(stranger), "NOT_FOUND", "grantNotFound");

    // Every promoter act refuses the partner (FORBIDDEN), the stranger (NOT_FOUND), the signed-out.
    const acts = [
      (actor: typeof promoter | null) => recordConcession(db, actor, { grantId: id, version: 1, actNumber: "D 1", actDate: TODAY, cup: "J51B24000123000", cor: "1", startsOn: TODAY, endsOn: TODAY, finalReportDueOn: TODAY }),
      (actor: typeof promoter | null) => releaseTranche(db, actor, { grantId: id, kind: "advance", amount: "1", guarantee: "G", paidOn: TODAY }),
      (actor: typeof promoter | null) => closeGrant(db, actor, { grantId: id }),
      (actor: typeof promoter | null) => revokeGrant(db, actor, { grantId: id, whole: true, reason: "Motivo abbastanza lungo" }),
    ];
    for (const act of acts) {
      await expectAppError(act(representative), "FORBIDDEN", "grantPromoterOnly");
      await expectAppError(act(plain), "FORBIDDEN", "grantPromoterOnly");
      await expectAppError(act(admin), "FORBIDDEN", "grantPromoterOnly");
      await expectAppError(act(stranger), "NOT_FOUND", "grantNotFound");
      await expectAppError(act(null), "UNAUTHENTICATED");
    }
    expect(await grantRow(db, id)).toMatchObject({ status: "granted", version: 1, paidCents: 0, revokedCents: 0 });
  });
});

describe("concession", () => {
  it("records act, CUP (normalised), COR and deadlines; refuses bad values and stale versions; audited before/after", async () => {
    const f = await fundedScenario(db);
    const id = f.lead.id;
    setClock(AFTER_VOTING);
    await expectAppError(concession(f, id, 1, { cup: "J51B2400012300" }), "VALIDATION", "invalidInput");
    await expectAppError(concession(f, id, 1, { cor: "ABC" }), "VALIDATION", "invalidInput");
    await expectAppError(concession(f, id, 1, { actDate: "2026-03-10" }), "VALIDATION", "incentiveDateInFuture");
    await expectAppError(concession(f, id, 1, { endsOn: "2026-03-31" }), "VALIDATION", "grantEndsBeforeStart");
    await expectAppError(concession(f, id, 1, { finalReportDueOn: "2027-03-30" }), "VALIDATION", "grantDueBeforeEnd");
    expect(await concession(f, id)).toEqual({ version: 2 });
    expect(await grantRow(db, id)).toMatchObject({ cup: "J51B24000123000", cor: "1234567", actNumber: "Determinazione n. 45/2026", finalReportDueOn: "2027-05-31" });
    await expectAppError(concession(f, id, 1), "CONFLICT", "grantStale");
    expect(await concession(f, id, 2)).toEqual({ version: 2 });
    expect(await concession(f, id, 2, { finalReportDueOn: "2027-06-30" })).toEqual({ version: 3 });
    const result = await db.execute(sql`select data from audit_entries where entity_id = ${id} and action = 'grant.concession_recorded' order by seq desc limit 1`);
    const [entry] = (result as unknown as { rows: { data: { before: unknown; after: unknown } }[] }).rows;
    expect(entry.data).toEqual({ before: { finalReportDueOn: "2027-05-31" }, after: { finalReportDueOn: "2027-06-30" } });
  });
});

describe("late", () => {
  it("a grant still open after the final report's due day is late; once reported it is not", async () => {
    const f = await fundedScenario(db);
    const promoter = f.s.coalition.promoter.admin.actor;
    await concession(f, f.firm.id, 1, { actDate: "2025-01-10", startsOn: "2025-02-01", endsOn: "2025-12-31", finalReportDueOn: "2026-02-28" });
    expect((await getGrantView(db, promoter, f.firm.id)).late).toBe(true);
    await concession(f, f.lead.id, 1, { actDate: "2025-01-10", startsOn: "2025-02-01", endsOn: "2025-12-31", finalReportDueOn: TODAY });
    expect((await getGrantView(db, promoter, f.lead.id)).late).toBe(false);
    await db.update(grants).set({ status: "reported" }).where(eq(grants.id, f.firm.id));
    expect((await getGrantView(db, f.s.firm.admin.actor, f.firm.id)).late).toBe(false);
  });
});

describe("tranches", () => {
  it("advance: needs the concession and a guarantee, at most the call's ceiling, once; starts the work", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 3000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.firm.id; // granted 50.000 → ceiling 15.000
    const advance = (amount: string, guarantee = "Fideiussione bancaria n. 123", paidOn = TODAY) => releaseTranche(db, promoter, { grantId: id, kind: "advance", amount, guarantee, paidOn });
    await expectAppError(advance("1.000"), "INVALID_STATE", "grantConcessionMissing");
    await concession(f, id);
    await expectAppError(advance("1.000", ""), "VALIDATION", "grantGuaranteeRequired");
    await expectAppError(advance("1.000", "G", "2026-03-10"), "VALIDATION", "incentiveDateInFuture");
    await expectAppError(advance("1.000", "G", "2026-03-08"), "VALIDATION", "grantPaidBeforeAct");
    const above = await expectAppError(advance("15.000,01"), "VALIDATION", "grantAdvanceAboveCeiling");
    expect(above.values).toEqual({ ceilingCents: 15_000_00 });
    expect(await advance("15.000")).toMatchObject({ amountCents: 15_000_00, status: "in_progress" });
    await expectAppError(advance("1"), "INVALID_STATE", "grantAdvanceAlreadyPaid");
    expect(await grantRow(db, id)).toMatchObject({ paidCents: 15_000_00, status: "in_progress" });
    expect(await paidSum(id)).toBe(15_000_00);
    expect(await auditActionsFor(db, id)).toEqual(["grant.created", "grant.concession_recorded", "grant.tranche_paid"]);
  });

  it("no advance when the call allows none", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 0 });
    await concession(f, f.firm.id);
    await expectAppError(
      releaseTranche(db, f.s.coalition.promoter.admin.actor, { grantId: f.firm.id, kind: "advance", amount: "1", guarantee: "G", paidOn: TODAY }),
      "INVALID_STATE",
      "grantAdvanceNotAllowed",
    );
  });

  it("interim up to earned − paid after a reviewed report; balance computed after the final review closes the grant; paid equals the SQL sum", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 2000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.lead.id; // cost 250.000, granted 130.000
    const pay = (kind: "advance" | "interim" | "balance", amount = "0") => releaseTranche(db, promoter, { grantId: id, kind, amount, guarantee: "Polizza n. 9", paidOn: TODAY });
    await concession(f, id);
    await expectAppError(pay("interim", "1"), "INVALID_STATE", "grantNoReviewedReport");
    await expectAppError(pay("balance"), "INVALID_STATE", "grantFinalNotReviewed");
    await pay("advance", "26.000");
    // 100.000 accepted → earned 52.000 → interim up to 26.000.
    await reviewedReport(id, 1, 100_000_00);
    await expectAppError(pay("interim", "26.000,01"), "VALIDATION", "grantInterimAboveEarned");
    await expectAppError(pay("advance", "1"), "INVALID_STATE", "grantAdvanceAlreadyPaid");
    expect(await pay("interim", "26.000")).toMatchObject({ amountCents: 26_000_00, status: "in_progress" });
    await expectAppError(closeGrant(db, promoter, { grantId: id }), "INVALID_STATE", "grantFinalNotReviewed");
    // Final: 240.000 accepted in all → earned 124.800 → balance 72.800, computed whatever is typed.
    await reviewedReport(id, 2, 140_000_00, true);
    await expectAppError(closeGrant(db, promoter, { grantId: id }), "INVALID_STATE", "grantBalanceDue");
    expect(await pay("balance", "1")).toMatchObject({ amountCents: 72_800_00, status: "closed" });
    expect(await grantRow(db, id)).toMatchObject({ status: "closed", paidCents: 124_800_00 });
    expect(await paidSum(id)).toBe(124_800_00);
    await expectAppError(pay("interim", "1"), "INVALID_STATE", "grantTrancheClosed");
    await expectAppError(revokeGrant(db, promoter, { grantId: id, whole: true, reason: "Troppo tardi per revocare" }), "INVALID_STATE", "grantRevokeClosed");
    const view = await getGrantView(db, promoter, id);
    expect(view.figures).toMatchObject({ earnedCents: 124_800_00, paidCents: 124_800_00, stillDueCents: 5_200_00, toRecoverCents: 0 });
    expect(view.tranches.map((t) => t.kind)).toEqual(["advance", "interim", "balance"]);
    expect(view.reports.map((r) => [r.number, r.status, r.isFinal])).toEqual([[1, "reviewed", false], [2, "reviewed", true]]);
    expect(view.timeline[0].action).toBe("grant.tranche_paid");
  });

  it("closes without balance when nothing is left to pay", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 10000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.firm.id; // cost 50.000 = granted
    await concession(f, id);
    await releaseTranche(db, promoter, { grantId: id, kind: "advance", amount: "20.000", guarantee: "G", paidOn: TODAY });
    await reviewedReport(id, 1, 20_000_00, true);
    await expectAppError(releaseTranche(db, promoter, { grantId: id, kind: "balance", paidOn: TODAY }), "INVALID_STATE", "grantNothingToPay");
    await closeGrant(db, promoter, { grantId: id });
    expect(await grantRow(db, id)).toMatchObject({ status: "closed", paidCents: 20_000_00 });
    expect((await auditActionsFor(db, id)).at(-1)).toBe("grant.closed");
    await expectAppError(closeGrant(db, promoter, { grantId: id }), "INVALID_STATE", "grantFinished");
  });
});

describe("revocation", () => {
  it("in part up to what stands, then whole; reason of 10 characters at least; shows what to recover", async () => {
    const f = await fundedScenario(db, { advanceMaxBp: 5000 });
    const promoter = f.s.coalition.promoter.admin.actor;
    const id = f.university.id; // granted 100.000
    await concession(f, id);
    await releaseTranche(db, promoter, { grantId: id, kind: "advance", amount: "40.000", guarantee: "Fideiussione", paidOn: TODAY });
    await expectAppError(revokeGrant(db, promoter, { grantId: id, whole: false, amount: "1.000", reason: "Breve" }), "VALIDATION", "invalidInput");
    const above = await expectAppError(revokeGrant(db, promoter, { grantId: id, whole: false, amount: "100.000,01", reason: "Spese non ammissibili" }), "VALIDATION", "grantRevokeAboveStanding");
    expect(above.values).toEqual({ standingCents: 100_000_00 });
    expect(await revokeGrant(db, promoter, { grantId: id, whole: false, amount: "70.000", reason: "Attività non svolte in parte" })).toEqual({ status: "in_progress", revokedCents: 70_000_00, toRecoverCents: 10_000_00 });
    const view = await getGrantView(db, promoter, id);
    expect(view.figures).toMatchObject({ standingCents: 30_000_00, toRecoverCents: 10_000_00, stillDueCents: 0 });
    await expectAppError(releaseTranche(db, promoter, { grantId: id, kind: "interim", amount: "1", paidOn: TODAY }), "INVALID_STATE", "grantNoReviewedReport");
    expect(await revokeGrant(db, promoter, { grantId: id, whole: true, reason: "Progetto abbandonato" })).toEqual({ status: "revoked", revokedCents: 100_000_00, toRecoverCents: 40_000_00 });
    const row = await grantRow(db, id);
    expect(row).toMatchObject({ status: "revoked", revokedCents: 100_000_00, paidCents: 40_000_00 });
    expect(row.revocationReason).toContain("Progetto abbandonato");
    await expectAppError(revokeGrant(db, promoter, { grantId: id, whole: true, reason: "Ancora una volta" }), "INVALID_STATE", "grantRevokeClosed");
    await expectAppError(releaseTranche(db, promoter, { grantId: id, kind: "interim", amount: "1", paidOn: TODAY }), "INVALID_STATE", "grantTrancheClosed");
    await expectAppError(concession(f, id, row.version), "INVALID_STATE", "grantFinished");
  });
});
