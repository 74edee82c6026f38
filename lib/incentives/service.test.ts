import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, deMinimisAid, incentiveApplications, incentiveProgrammes, type IncentiveProgramme } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser, randomUUID, type TestOrganisation } from "@/test/factories";
import { getApplication, getApplicationTimeline, getDeMinimisCheck, getDeMinimisLedger, getFundingDesk, listRepresentedOrganisations } from "./queries";
import { createApplication, declareDeMinimisAid, moveApplication, recordDisbursement, updateApplication, withdrawDeMinimisAid } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const NOW = new Date("2026-06-15T10:00:00Z"); // 12:00 in Rome, 15 June 2026

async function programme(overrides: Partial<typeof incentiveProgrammes.$inferInsert> = {}): Promise<IncentiveProgramme> {
  const creator = await createUser(db);
  const [row] = await db
    .insert(incentiveProgrammes)
    .values({
      name: "Voucher consulenza digitale",
      authority: "Camera di commercio di Torino",
      level: "regional",
      aidRegime: "de_minimis",
      procedure: "first_come",
      maxIntensityMicroBp: 5000,
      maxIntensitySmallBp: 5000,
      maxIntensityMediumBp: 5000,
      maxIntensityLargeBp: 0,
      maxAidCents: 0,
      createdBy: creator.actor.userId,
      ...overrides,
    })
    .returning();
  return row;
}

const gber = () =>
  programme({ name: "FESR digitalizzazione PMI", aidRegime: "gber", gberArticle: "17", maxIntensityMicroBp: 2000, maxIntensitySmallBp: 2000, maxIntensityMediumBp: 1000, minEligibleCents: 20_000_00, maxEligibleCents: 500_000_00 });

async function firm(size: "micro" | "small" | "medium" | "large" = "small"): Promise<TestOrganisation> {
  return createOrganisation(db, { verified: true, input: { sizeClass: size } });
}

async function application(org: TestOrganisation, p: IncentiveProgramme, amounts: { eligibleCost?: string; requested?: string; plannedGrantDate?: string } = {}) {
  const { id } = await createApplication(db, org.admin.actor, {
    organisationId: org.organisationId,
    programmeId: p.id,
    title: "ERP condiviso",
    eligibleCost: "100.000",
    requested: "20.000",
    ...amounts,
  });
  return id;
}

async function row(id: string) {
  const [r] = await db.select().from(incentiveApplications).where(eq(incentiveApplications.id, id));
  return r;
}

const grantFields = { grantedOn: "2026-06-10", grantedCents: "20.000", cup: "J11B26000010007", cor: "1234567", projectEndsOn: "2027-06-10", finalReportDueOn: "2027-08-10" };

/** Walks an application from planned to the status given, with complete fields. */
async function walk(org: TestOrganisation, id: string, to: "submitted" | "under_review" | "granted") {
  const steps = ["preparing", "submitted", "under_review", "granted"] as const;
  for (const step of steps) {
    const { version, status } = await row(id);
    if (steps.indexOf(step) <= steps.indexOf(status as (typeof steps)[number])) continue;
    const extra = step === "submitted" ? { protocolNumber: "PROT-2026-0042", submittedAt: "2026-06-01T10:30" } : step === "granted" ? grantFields : {};
    await moveApplication(db, org.admin.actor, { applicationId: id, version, to: step, ...extra });
    if (step === to) return;
  }
}

describe("permissions: only representatives of the applying organisation", () => {
  it("a representative creates; outsiders and other firms get not found; plain members are refused", async () => {
    setClock(NOW);
    const p = await programme();
    const org = await firm();
    const id = await application(org, p);
    expect(await row(id)).toMatchObject({ status: "planned", eligibleCostCents: 100_000_00, requestedCents: 20_000_00, organisationId: org.organisationId, version: 1 });
    expect(await auditActionsFor(db, id)).toEqual(["incentive_application.created"]);

    const other = await firm();
    const outsider = await createUser(db);
    const plain = await addMember(db, org, "member");
    const named = await addMember(db, org, "member", { representative: true });
    const input = { organisationId: org.organisationId, programmeId: p.id, title: "X", eligibleCost: "1.000", requested: "100" };
    await expectAppError(createApplication(db, other.admin.actor, input), "NOT_FOUND", "organisationNotFound");
    await expectAppError(createApplication(db, outsider.actor, input), "NOT_FOUND", "organisationNotFound");
    await expectAppError(createApplication(db, plain.actor, input), "FORBIDDEN", "notRepresentative");
    await expectAppError(createApplication(db, null, input), "UNAUTHENTICATED");
    await createApplication(db, named.actor, input);

    for (const who of [other.admin.actor, outsider.actor]) {
      await expectAppError(updateApplication(db, who, { applicationId: id, version: 1, eligibleCost: "1", requested: "0" }), "NOT_FOUND", "incentiveApplicationNotFound");
      await expectAppError(moveApplication(db, who, { applicationId: id, version: 1, to: "preparing" }), "NOT_FOUND", "incentiveApplicationNotFound");
      await expectAppError(recordDisbursement(db, who, { applicationId: id, version: 1, amount: "1", receivedOn: "2026-06-01" }), "NOT_FOUND", "incentiveApplicationNotFound");
      expect(await getApplication(db, who, id)).toBeNull();
      expect(await getApplicationTimeline(db, who, id)).toEqual([]);
      expect(await getDeMinimisLedger(db, who, org.organisationId)).toBeNull();
      expect(await getDeMinimisCheck(db, who, org.organisationId, "2026-06-15", 1)).toBeNull();
      await expectAppError(getFundingDesk(db, who, org.organisationId), "NOT_FOUND");
    }
    await expectAppError(moveApplication(db, plain.actor, { applicationId: id, version: 1, to: "preparing" }), "FORBIDDEN", "notRepresentative");
    // A plain member reads but may not change.
    expect((await getApplication(db, plain.actor, id))?.canEdit).toBe(false);
    expect((await getApplication(db, named.actor, id))?.canEdit).toBe(true);
    await moveApplication(db, named.actor, { applicationId: id, version: 1, to: "preparing" });
    expect((await row(id)).status).toBe("preparing");

    // Who may apply for whom: only represented, verified organisations.
    expect((await listRepresentedOrganisations(db, org.admin.actor)).map((o) => o.id)).toEqual([org.organisationId]);
    expect(await listRepresentedOrganisations(db, plain.actor)).toEqual([]);
  });

  it("an unverified organisation may not apply; an unknown programme or a proposal not its own is not found", async () => {
    const p = await programme();
    const pending = await createOrganisation(db);
    await expectAppError(createApplication(db, pending.admin.actor, { organisationId: pending.organisationId, programmeId: p.id, title: "X" }), "FORBIDDEN", "organisationNotVerified");
    const org = await firm();
    await expectAppError(createApplication(db, org.admin.actor, { organisationId: org.organisationId, programmeId: randomUUID(), title: "X" }), "NOT_FOUND", "incentiveProgrammeNotFound");
    await expectAppError(
      createApplication(db, org.admin.actor, { organisationId: org.organisationId, programmeId: p.id, proposalId: randomUUID(), title: "X" }),
      "NOT_FOUND",
      "proposalNotFound",
    );
  });

  it("ledger: representatives declare and withdraw; others not found; plain members refused", async () => {
    setClock(NOW);
    const org = await firm();
    const other = await firm();
    const plain = await addMember(db, org, "member");
    const input = { organisationId: org.organisationId, grantedOn: "2025-02-01", authority: "Regione Piemonte", amount: "50.000", cor: "998877" };
    await expectAppError(declareDeMinimisAid(db, other.admin.actor, input), "NOT_FOUND");
    await expectAppError(declareDeMinimisAid(db, plain.actor, input), "FORBIDDEN", "notRepresentative");
    const { id } = await declareDeMinimisAid(db, org.admin.actor, input);
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, id));
    expect(entry).toMatchObject({ action: "de_minimis_aid.declared", organisationId: org.organisationId });
    expect(entry.data).toMatchObject({ after: { grantedOn: "2025-02-01", amountCents: 50_000_00, authority: "Regione Piemonte", cor: "998877" } });

    await expectAppError(withdrawDeMinimisAid(db, other.admin.actor, { aidId: id, reason: "Doppio" }), "NOT_FOUND", "deMinimisAidNotFound");
    await expectAppError(withdrawDeMinimisAid(db, plain.actor, { aidId: id, reason: "Doppio" }), "FORBIDDEN");
    await expectAppError(withdrawDeMinimisAid(db, org.admin.actor, { aidId: id, reason: " " }), "VALIDATION");
    expect((await getDeMinimisLedger(db, plain.actor, org.organisationId))?.today).toMatchObject({ usedCents: 50_000_00, headroomCents: 250_000_00 });
    await withdrawDeMinimisAid(db, org.admin.actor, { aidId: id, reason: "Dichiarato due volte" });
    await expectAppError(withdrawDeMinimisAid(db, org.admin.actor, { aidId: id, reason: "Ancora" }), "INVALID_STATE", "deMinimisAidAlreadyWithdrawn");
    expect(await auditActionsFor(db, id)).toEqual(["de_minimis_aid.declared", "de_minimis_aid.withdrawn"]);
    const ledger = await getDeMinimisLedger(db, org.admin.actor, org.organisationId);
    expect(ledger).toMatchObject({ canEdit: true, today: { usedCents: 0, headroomCents: 300_000_00 } });
    expect(ledger?.rows).toMatchObject([{ id, withdrawalReason: "Dichiarato due volte", inWindow: false }]);
  });

  it("declared aid: amounts, dates and COR are checked", async () => {
    setClock(NOW);
    const org = await firm();
    const base = { organisationId: org.organisationId, grantedOn: "2025-02-01", authority: "MIMIT", amount: "1.000" };
    expect((await expectAppError(declareDeMinimisAid(db, org.admin.actor, { ...base, amount: "0" }), "VALIDATION")).fieldErrors).toEqual({ amount: ["amountPositive"] });
    expect((await expectAppError(declareDeMinimisAid(db, org.admin.actor, { ...base, cor: "ABC" }), "VALIDATION")).fieldErrors).toEqual({ cor: ["incentiveCorInvalid"] });
    expect((await expectAppError(declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2025-02-30" }), "VALIDATION")).fieldErrors).toEqual({ grantedOn: ["dateInvalid"] });
    await expectAppError(declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2026-06-16" }), "VALIDATION", "incentiveDateInFuture");
  });
});

describe("submission only while the programme takes applications", () => {
  const submit = (org: TestOrganisation, id: string, version: number, submittedAt = "2026-06-15T09:00") =>
    moveApplication(db, org.admin.actor, { applicationId: id, version, to: "submitted", protocolNumber: "PROT-1", submittedAt });

  it("refuses before the opening, after the closing and once the funds are exhausted, naming the date; nothing changes", async () => {
    setClock(NOW);
    const opensAt = new Date("2026-06-20T07:00:00Z"); // 9:00 in Rome, 20 June
    const closesAt = new Date("2026-06-30T10:00:00Z"); // 12:00 in Rome, 30 June
    const p = await programme({ opensAt, closesAt });
    const org = await firm();
    const id = await application(org, p);
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "preparing" });

    // Not open yet.
    const early = await expectAppError(submit(org, id, 2), "INVALID_STATE", "incentiveProgrammeNotOpen");
    expect(early.values).toEqual({ at: opensAt.toISOString() });
    expect(early.problems).toEqual([{ field: "status", key: "incentiveProgrammeNotOpen", values: { at: opensAt.toISOString() } }]);

    // Closed: at the closing instant and after it.
    setClock(closesAt);
    const late = await expectAppError(submit(org, id, 2, "2026-06-29T10:00"), "INVALID_STATE", "incentiveProgrammeClosed");
    expect(late.values).toEqual({ at: closesAt.toISOString() });
    setClock(new Date("2026-07-15T10:00:00Z"));
    await expectAppError(submit(org, id, 2, "2026-06-29T10:00"), "INVALID_STATE", "incentiveProgrammeClosed");
    expect(await row(id)).toMatchObject({ status: "preparing", version: 2, protocolNumber: null, submittedAt: null });
    expect(await auditActionsFor(db, id)).toEqual(["incentive_application.created", "incentive_application.moved"]);
  });

  it("exhausted funds close the programme whatever its dates say; inside the window the submission goes through", async () => {
    setClock(NOW);
    const exhaustedAt = new Date("2026-06-10T08:00:00Z");
    const p = await programme({ opensAt: new Date("2026-05-01T07:00:00Z"), closesAt: new Date("2026-12-31T11:00:00Z") });
    const org = await firm();
    const id = await application(org, p);
    const other = await application(org, p);
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "preparing" });
    await moveApplication(db, org.admin.actor, { applicationId: other, version: 1, to: "preparing" });
    await submit(org, other, 2, "2026-06-01T10:30");
    expect(await row(other)).toMatchObject({ status: "submitted", submittedAt: new Date("2026-06-01T08:30:00Z") });

    await db.update(incentiveProgrammes).set({ fundsExhaustedAt: exhaustedAt }).where(eq(incentiveProgrammes.id, p.id));
    const refused = await expectAppError(submit(org, id, 2, "2026-06-01T10:30"), "INVALID_STATE", "incentiveProgrammeExhausted");
    expect(refused.values).toEqual({ at: exhaustedAt.toISOString() });
    expect((await row(id)).status).toBe("preparing");
    // Other moves stay possible: the firm withdraws the application it can no longer submit.
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 2, to: "withdrawn" });
    expect((await row(id)).status).toBe("withdrawn");
    // An application submitted before the exhaustion moves on.
    await moveApplication(db, org.admin.actor, { applicationId: other, version: 3, to: "under_review" });
  });
});

describe("the state machine through the service", () => {
  it("planned → preparing → submitted → under_review → granted → closed, each audited with before and after", async () => {
    setClock(NOW);
    const p = await gber();
    const org = await firm("small");
    const id = await application(org, p);
    await walk(org, id, "granted");
    const granted = await row(id);
    expect(granted).toMatchObject({
      status: "granted",
      protocolNumber: "PROT-2026-0042",
      submittedAt: new Date("2026-06-01T08:30:00Z"),
      grantedOn: "2026-06-10",
      grantedCents: 20_000_00,
      cup: "J11B26000010007",
      cor: "1234567",
      projectEndsOn: "2027-06-10",
      finalReportDueOn: "2027-08-10",
      version: 5,
    });
    // Not de minimis: nothing written to the ledger.
    expect(await db.select().from(deMinimisAid).where(eq(deMinimisAid.organisationId, org.organisationId))).toEqual([]);
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 5, to: "closed" });
    expect(await auditActionsFor(db, id)).toEqual(["incentive_application.created", ...Array(5).fill("incentive_application.moved")]);

    const entries = await db.select().from(auditEntries).where(eq(auditEntries.entityId, id)).orderBy(auditEntries.seq);
    expect(entries[2].data).toMatchObject({
      from: "preparing",
      to: "submitted",
      before: { status: "preparing", protocolNumber: null, submittedAt: null },
      after: { status: "submitted", protocolNumber: "PROT-2026-0042", submittedAt: "2026-06-01T08:30:00.000Z" },
    });
    expect(entries[4].data).toMatchObject({ from: "under_review", to: "granted", before: { grantedCents: null, cup: null }, after: { grantedCents: 20_000_00, cup: "J11B26000010007" } });

    const timeline = await getApplicationTimeline(db, org.admin.actor, id);
    expect(timeline.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ["created", null, null],
      ["moved", "planned", "preparing"],
      ["moved", "preparing", "submitted"],
      ["moved", "submitted", "under_review"],
      ["moved", "under_review", "granted"],
      ["moved", "granted", "closed"],
    ]);
    expect(timeline[4].changes).toContainEqual({ field: "grantedCents", before: null, after: 20_000_00 });
    expect(timeline[0].actorName).toBe(org.admin.actor.name);

    // Final: nothing moves any more.
    await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: 6, to: "revoked", reason: "x" }), "INVALID_STATE", "incentiveMoveNotAllowed");
  });

  it("refuses moves the machine does not allow, incomplete moves with every field, and stale versions", async () => {
    setClock(NOW);
    const p = await gber();
    const org = await firm("small");
    const id = await application(org, p);
    await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "granted", ...grantFields }), "INVALID_STATE", "incentiveMoveNotAllowed");
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "preparing" });
    await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "submitted" }), "CONFLICT", "incentiveApplicationStale");
    const missing = await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: 2, to: "submitted", protocolNumber: "", submittedAt: "" }), "VALIDATION");
    expect(missing.fieldErrors).toEqual({ protocolNumber: ["required"], submittedAt: ["required"] });
    await walk(org, id, "under_review");
    const v = (await row(id)).version;
    const above = await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: v, to: "granted", ...grantFields, grantedCents: "20.000,01", cup: "SHORT" }), "VALIDATION");
    expect(above.fieldErrors).toEqual({ grantedCents: ["incentiveGrantAboveRequested"], cup: ["incentiveCupInvalid"] });
    expect(above.problems?.[0].values).toEqual({ requestedCents: 20_000_00 });
    expect((await row(id)).status).toBe("under_review");
    // Amounts are frozen after submission.
    await expectAppError(updateApplication(db, org.admin.actor, { applicationId: id, version: v, eligibleCost: "1", requested: "0" }), "INVALID_STATE", "incentiveAmountsFrozen");
  });

  it("updates amounts while planned, audited with before and after; refuses an intensity above the class's maximum", async () => {
    setClock(NOW);
    const p = await gber();
    const medium = await firm("medium");
    const id = await application(medium, p, { requested: "10.000" });
    const tooHigh = await expectAppError(updateApplication(db, medium.admin.actor, { applicationId: id, version: 1, eligibleCost: "100.000", requested: "10.000,01" }), "VALIDATION", "incentiveIntensityTooHigh");
    expect(tooHigh.values).toEqual({ intensityPercent: 10.01, maxPercent: 10, allowedCents: 10_000_00 });
    const { version } = await updateApplication(db, medium.admin.actor, { applicationId: id, version: 1, eligibleCost: "200.000", requested: "20.000", plannedGrantDate: "2026-09-01" });
    expect(version).toBe(2);
    const [, updated] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, id)).orderBy(auditEntries.seq);
    expect(updated.data).toEqual({
      before: { eligibleCostCents: 100_000_00, requestedCents: 10_000_00, plannedGrantDate: null },
      after: { eligibleCostCents: 200_000_00, requestedCents: 20_000_00, plannedGrantDate: "2026-09-01" },
    });
    // A large firm may not apply to this programme at all; a plan may leave amounts blank.
    const large = await firm("large");
    await expectAppError(createApplication(db, large.admin.actor, { organisationId: large.organisationId, programmeId: p.id, title: "X", eligibleCost: "100.000", requested: "1" }), "VALIDATION", "incentiveSizeClassNotEligible");
    await createApplication(db, medium.admin.actor, { organisationId: medium.organisationId, programmeId: p.id, title: "Idea" });
  });

  it("submission checks the amounts again: a blank plan cannot be submitted", async () => {
    setClock(NOW);
    const p = await gber();
    const org = await firm("small");
    const { id } = await createApplication(db, org.admin.actor, { organisationId: org.organisationId, programmeId: p.id, title: "Idea" });
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "preparing" });
    const blank = await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: 2, to: "submitted", protocolNumber: "P", submittedAt: "2026-06-01T10:00" }), "VALIDATION");
    expect(blank.fieldErrors).toEqual({ eligibleCost: ["incentiveEligibleCostRequired"], requested: ["incentiveRequestedRequired"] });
  });
});

describe("de minimis at submission and on grant", () => {
  async function preparing(org: TestOrganisation, p: IncentiveProgramme, requested: string, plannedGrantDate = "2026-07-01") {
    const id = await application(org, p, { eligibleCost: "600.000", requested, plannedGrantDate });
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "preparing" });
    return id;
  }
  const submit = (org: TestOrganisation, id: string) =>
    moveApplication(db, org.admin.actor, { applicationId: id, version: 2, to: "submitted", protocolNumber: "P-1", submittedAt: "2026-06-01T10:00" });

  it("refuses one cent over the headroom with the figures; exactly the headroom is submitted", async () => {
    setClock(NOW);
    const p = await programme();
    const org = await firm();
    // Within the window ending 1 July 2026: after 1 July 2023. Aid of exactly 1 July 2023 is outside.
    await declareDeMinimisAid(db, org.admin.actor, { organisationId: org.organisationId, grantedOn: "2023-07-02", authority: "Regione Piemonte", amount: "100.000" });
    await declareDeMinimisAid(db, org.admin.actor, { organisationId: org.organisationId, grantedOn: "2023-07-01", authority: "MIMIT", amount: "250.000" });
    expect(await getDeMinimisCheck(db, org.admin.actor, org.organisationId, "2026-07-01", 200_000_01)).toMatchObject({
      usedCents: 100_000_00,
      headroomCents: 200_000_00,
      fits: false,
      overCents: 1,
      windowFrom: "2023-07-02",
    });

    const over = await preparing(org, p, "200.000,01");
    const refused = await expectAppError(submit(org, over), "INVALID_STATE", "incentiveDeMinimisExceeded");
    expect(refused.values).toEqual({
      requestedCents: 200_000_01,
      headroomCents: 200_000_00,
      usedCents: 100_000_00,
      ceilingCents: 300_000_00,
      grantDate: "2026-07-01T00:00:00Z",
      windowFrom: "2023-07-02T00:00:00Z",
    });
    expect((await row(over)).status).toBe("preparing");

    const exact = await preparing(org, p, "200.000");
    await submit(org, exact);
    const [entry] = (await db.select().from(auditEntries).where(eq(auditEntries.entityId, exact)).orderBy(auditEntries.seq)).slice(-1);
    expect(entry.data).toMatchObject({ deMinimis: { grantDate: "2026-07-01", usedCents: 100_000_00, headroomCents: 200_000_00 } });
  });

  it("with no planned grant date the window ends today", async () => {
    setClock(NOW);
    const p = await programme();
    const org = await firm();
    await declareDeMinimisAid(db, org.admin.actor, { organisationId: org.organisationId, grantedOn: "2023-06-16", authority: "Regione", amount: "300.000" });
    const id = await application(org, p, { eligibleCost: "100", requested: "0,01" });
    await moveApplication(db, org.admin.actor, { applicationId: id, version: 1, to: "preparing" });
    await expectAppError(submit(org, id), "INVALID_STATE", "incentiveDeMinimisExceeded");
    // A day later the old aid is exactly three years old and leaves the window.
    setClock(new Date("2026-06-16T10:00:00Z"));
    await submit(org, id);
  });

  it("a grant writes the ledger row in the same transaction; revocation withdraws it", async () => {
    setClock(NOW);
    const p = await programme();
    const org = await firm();
    const id = await application(org, p, { eligibleCost: "100.000", requested: "40.000", plannedGrantDate: "2026-06-10" });
    await walk(org, id, "under_review");
    const v = (await row(id)).version;
    await moveApplication(db, org.admin.actor, { applicationId: id, version: v, to: "granted", ...grantFields, grantedCents: "35.000" });
    const [aid] = await db.select().from(deMinimisAid).where(eq(deMinimisAid.applicationId, id));
    expect(aid).toMatchObject({ source: "tavolo", organisationId: org.organisationId, grantedOn: "2026-06-10", amountCents: 35_000_00, cor: "1234567", authority: p.authority, withdrawnAt: null });
    expect(await auditActionsFor(db, aid.id)).toEqual(["de_minimis_aid.recorded"]);
    expect((await getDeMinimisLedger(db, org.admin.actor, org.organisationId))?.today).toMatchObject({ usedCents: 35_000_00, headroomCents: 265_000_00 });

    await expectAppError(withdrawDeMinimisAid(db, org.admin.actor, { aidId: aid.id, reason: "x" }), "INVALID_STATE", "deMinimisAidNotDeclared");
    await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: v + 1, to: "revoked" }), "VALIDATION", "incentiveReasonRequired");
    await moveApplication(db, org.admin.actor, { applicationId: id, version: v + 1, to: "revoked", reason: "Progetto non avviato" });
    const [after] = await db.select().from(deMinimisAid).where(eq(deMinimisAid.applicationId, id));
    expect(after.withdrawalReason).toBe("Progetto non avviato");
    expect(after.withdrawnAt).not.toBeNull();
    expect((await row(id)).statusReason).toBe("Progetto non avviato");
    expect((await getDeMinimisLedger(db, org.admin.actor, org.organisationId))?.today.usedCents).toBe(0);
  });

  it("a grant that fails (bad CUP) writes neither the application nor the ledger", async () => {
    setClock(NOW);
    const p = await programme();
    const org = await firm();
    const id = await application(org, p, { eligibleCost: "100.000", requested: "40.000" });
    await walk(org, id, "under_review");
    await expectAppError(moveApplication(db, org.admin.actor, { applicationId: id, version: 4, to: "granted", ...grantFields, cup: "J11B2600001000!" }), "VALIDATION");
    expect(await db.select().from(deMinimisAid).where(eq(deMinimisAid.organisationId, org.organisationId))).toEqual([]);
  });
});

describe("payments and the funding desk", () => {
  it("disbursements never exceed the granted amount; totals are sums; due and late deadlines", async () => {
    setClock(NOW);
    const p = await gber();
    const org = await firm("small");
    const id = await application(org, p);
    await walk(org, id, "granted");
    const v = (await row(id)).version;
    await expectAppError(recordDisbursement(db, org.admin.actor, { applicationId: id, version: v, amount: "20.000,01", receivedOn: "2026-06-12" }), "INVALID_STATE", "incentivePaidAboveGranted");
    await expectAppError(recordDisbursement(db, org.admin.actor, { applicationId: id, version: v, amount: "1", receivedOn: "2026-06-09" }), "VALIDATION", "incentivePaidBeforeGrant");
    const first = await recordDisbursement(db, org.admin.actor, { applicationId: id, version: v, amount: "8.000", receivedOn: "2026-06-12" });
    expect(first.disbursedCents).toBe(8_000_00);
    const left = await expectAppError(recordDisbursement(db, org.admin.actor, { applicationId: id, version: v + 1, amount: "12.000,01", receivedOn: "2026-06-12" }), "INVALID_STATE");
    expect(left.values).toEqual({ amountCents: 12_000_01, leftCents: 12_000_00, grantedCents: 20_000_00 });
    await recordDisbursement(db, org.admin.actor, { applicationId: id, version: v + 1, amount: "12.000", receivedOn: "2026-06-13" });

    // A second application planned, one withdrawn: requested leaves out withdrawn ones.
    const planned = await application(org, p, { eligibleCost: "50.000", requested: "5.000" });
    const withdrawn = await application(org, p, { eligibleCost: "50.000", requested: "7.000" });
    await moveApplication(db, org.admin.actor, { applicationId: withdrawn, version: 1, to: "withdrawn" });
    await db.update(incentiveProgrammes).set({ closesAt: new Date("2026-07-01T16:00:00Z") }).where(eq(incentiveProgrammes.id, p.id));

    const desk = await getFundingDesk(db, org.admin.actor, org.organisationId);
    expect(desk.totals).toEqual({ requestedCents: 25_000_00, grantedCents: 20_000_00, paidCents: 20_000_00, count: 3 });
    expect(desk.applications.map((a) => a.id).sort()).toEqual([id, planned, withdrawn].sort());
    expect(desk.due).toEqual([{ applicationId: planned, title: "ERP condiviso", kind: "programmeCloses", date: "2026-07-01" }]);
    expect(desk.late).toEqual([]);

    // A year and a bit later the project's end and the final report are late.
    setClock(new Date("2027-07-20T10:00:00Z"));
    const later = await getFundingDesk(db, org.admin.actor, org.organisationId);
    expect(later.late.map((d) => d.kind)).toEqual(["programmeCloses", "projectEnds"]);
    expect(later.due).toEqual([{ applicationId: id, title: "ERP condiviso", kind: "finalReport", date: "2027-08-10" }]);
  });

  it("property: no sequence of moves and payments reaches granted > requested or paid > granted", async () => {
    const p = await gber();
    const org = await firm("small");
    const step = fc.oneof(
      fc.record({ kind: fc.constant("move" as const), to: fc.constantFrom("preparing", "submitted", "under_review", "granted", "rejected", "withdrawn", "revoked", "closed") }),
      fc.record({ kind: fc.constant("amounts" as const), requested: fc.integer({ min: 0, max: 30_000_00 }) }),
      fc.record({ kind: fc.constant("grant" as const), cents: fc.integer({ min: 1, max: 40_000_00 }) }),
      fc.record({ kind: fc.constant("pay" as const), cents: fc.integer({ min: 1, max: 40_000_00 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(step, { minLength: 3, maxLength: 12 }), async (underReview, steps) => {
        setClock(NOW);
        const id = await application(org, p);
        // Half the runs start under review, so grants and payments are reached often.
        if (underReview) await walk(org, id, "under_review");
        for (const s of steps) {
          const { version } = await row(id);
          try {
            if (s.kind === "amounts") await updateApplication(db, org.admin.actor, { applicationId: id, version, eligibleCost: 100_000_00, requested: s.requested });
            else if (s.kind === "pay") await recordDisbursement(db, org.admin.actor, { applicationId: id, version, amount: s.cents, receivedOn: "2026-06-12" });
            else {
              const to = s.kind === "grant" ? "granted" : s.to;
              const extra =
                to === "submitted"
                  ? { protocolNumber: "P", submittedAt: "2026-06-01T10:00" }
                  : to === "granted"
                    ? { ...grantFields, grantedCents: s.kind === "grant" ? s.cents : 1_000_00 }
                    : to === "revoked"
                      ? { reason: "r" }
                      : {};
              await moveApplication(db, org.admin.actor, { applicationId: id, version, to, ...extra });
            }
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
          }
          const r = await row(id);
          if (r.grantedCents !== null) expect(r.grantedCents).toBeLessThanOrEqual(r.requestedCents);
          expect(r.disbursedCents).toBeLessThanOrEqual(r.grantedCents ?? 0);
        }
      }),
      { numRuns: 25 },
    );
  });
});
