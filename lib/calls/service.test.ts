import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, calls, coalitionMembers, coalitions } from "@/db/schema";
import { setRepresentative } from "@/lib/organisations/service";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser, randomPartitaIva, randomUUID, uniqueSuffix, type TestUser } from "@/test/factories";
import { getCall, listCallsForCoalition } from "./queries";
import type { CallFieldsInput } from "./schemas";
import { archiveCall, createCall, deleteDraftCall, extendSubmissionDeadline, publishCall, updateCall } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

// Winter dates: Rome is UTC+1. The clock is fixed at T0 unless a test moves it.
const T0 = new Date("2026-01-10T09:00:00Z");

type TestCoalition = {
  coalitionId: string;
  promoterOrganisationId: string;
  promoter: TestUser;
  /** A member of the promoter organisation its admin named representative. */
  promoterColleague: TestUser;
  /** A member of the promoter organisation nobody named: represents nobody. */
  promoterPlainMember: TestUser;
  member: TestUser;
};

/** A coalition with a promoter organisation (three people) and a member organisation, written directly. */
async function createCoalition(): Promise<TestCoalition> {
  const promoterOrg = await createOrganisation(db, {
    verified: true,
    input: { kind: "public_body", partitaIva: "", codiceFiscale: randomPartitaIva(), codiceIpa: "c_l219", atecoCode: "", sizeClass: "" },
  });
  const promoterColleague = await addMember(db, promoterOrg, "member", { representative: true });
  const promoterPlainMember = await addMember(db, promoterOrg, "member");
  const memberOrg = await createOrganisation(db, { verified: true });
  const [coalition] = await db
    .insert(coalitions)
    .values({ slug: `test-${uniqueSuffix()}`, name: "Patto di prova", promoterOrganisationId: promoterOrg.organisationId })
    .returning({ id: coalitions.id });
  await db.insert(coalitionMembers).values([
    { coalitionId: coalition.id, organisationId: promoterOrg.organisationId, role: "promoter", weight: 3 },
    { coalitionId: coalition.id, organisationId: memberOrg.organisationId, role: "member", weight: 1 },
  ]);
  return {
    coalitionId: coalition.id,
    promoterOrganisationId: promoterOrg.organisationId,
    promoter: promoterOrg.admin,
    promoterColleague,
    promoterPlainMember,
    member: memberOrg.admin,
  };
}

/** A complete, consistent call as the form sends it (Rome local times). */
function callInput(overrides: Partial<CallFieldsInput> = {}): CallFieldsInput {
  return {
    title: `Piattaforme condivise ${uniqueSuffix()}`,
    description: "## Obiettivi\n\nPiattaforme **condivise**.",
    themes: ["erp", "marketplace"],
    sectors: ["industry"],
    budget: "1.200.000",
    maxRequest: "400.000",
    minCofinancing: "30",
    minPartners: "3",
    maxPartners: "8",
    requiredPartnerKinds: ["university", "research_centre"],
    leadKinds: ["firm"],
    sizeClasses: ["small", "medium"],
    submissionOpensAt: "2026-01-05T09:00",
    submissionClosesAt: "2026-02-15T18:00",
    votingOpensAt: "2026-02-22T09:00",
    votingClosesAt: "2026-03-08T18:00",
    votingMethod: "approval",
    quorum: "50",
    ballotsPublic: false,
    ...overrides,
  };
}

async function getRow(callId: string) {
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  return row;
}

async function publishedCall(c: TestCoalition, overrides: Partial<CallFieldsInput> = {}) {
  const { callId } = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput(overrides) });
  await publishCall(db, c.promoter.actor, { callId });
  return callId;
}

describe("createCall / updateCall", () => {
  it("a promoter creates a draft: euro to cents, Rome time to UTC, and it is audited", async () => {
    setClock(T0);
    const c = await createCoalition();
    const input = callInput({ budget: "1.200.000,50", submissionClosesAt: "2026-07-15T18:00" });
    const { callId } = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...input });
    const row = await getRow(callId);
    expect(row).toMatchObject({
      status: "draft",
      title: input.title,
      budgetCents: 120_000_050,
      maxRequestCents: 40_000_000,
      minCofinancingBp: 3000,
      quorumBp: 5000,
      minPartners: 3,
      maxPartners: 8,
      themes: ["erp", "marketplace"],
      requiredPartnerKinds: ["university", "research_centre"],
      leadKinds: ["firm"],
      createdBy: c.promoter.actor.userId,
    });
    expect(row.submissionOpensAt?.toISOString()).toBe("2026-01-05T08:00:00.000Z");
    // July: summer time, UTC+2.
    expect(row.submissionClosesAt?.toISOString()).toBe("2026-07-15T16:00:00.000Z");
    expect(await auditActionsFor(db, callId)).toEqual(["call.created"]);
  });

  it("a draft may be half done; field formats are still checked, all at once", async () => {
    const c = await createCoalition();
    const blank = callInput({ title: "", themes: [], budget: "", maxRequest: "", submissionOpensAt: "", votingClosesAt: "" });
    const { callId } = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...blank });
    expect(await getRow(callId)).toMatchObject({ title: "", budgetCents: 0, submissionOpensAt: null });

    const error = await expectAppError(
      createCall(db, c.promoter.actor, {
        coalitionId: c.coalitionId,
        ...callInput({ budget: "1,2,3", minCofinancing: "101", quorum: "abc", minPartners: "-1", submissionClosesAt: "2026-02-30T10:00" }),
      }),
      "VALIDATION",
    );
    expect(error.fieldErrors).toEqual({
      budget: ["amountInvalid"],
      minCofinancing: ["percentInvalid"],
      quorum: ["percentInvalid"],
      minPartners: ["integerInvalid"],
      submissionClosesAt: ["dateInvalid"],
    });
  });

  it("updates a draft with before/after in the audit entry", async () => {
    const c = await createCoalition();
    const { callId } = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput({ budget: "100.000" }) });
    await updateCall(db, c.promoterColleague.actor, { callId, ...callInput({ budget: "900.000" }) });
    expect((await getRow(callId)).budgetCents).toBe(90_000_000);
    expect(await auditActionsFor(db, callId)).toEqual(["call.created", "call.updated"]);
    const mine = await db.select().from(auditEntries).where(eq(auditEntries.entityId, callId));
    const updated = mine.find((e) => e.action === "call.updated")!;
    expect(updated.actorUserId).toBe(c.promoterColleague.actor.userId);
    expect(updated.data).toMatchObject({ before: { budgetCents: 10_000_000 }, after: { budgetCents: 90_000_000 } });
  });
});

describe("publishCall", () => {
  it("publishes consistent rules; from then on the rules are frozen", async () => {
    setClock(T0);
    const c = await createCoalition();
    const callId = await publishedCall(c);
    const row = await getRow(callId);
    expect(row.status).toBe("published");
    expect(row.publishedAt?.toISOString()).toBe(T0.toISOString());
    await expectAppError(updateCall(db, c.promoter.actor, { callId, ...callInput({ budget: "2.000.000" }) }), "INVALID_STATE", "callRulesFrozen");
    await expectAppError(publishCall(db, c.promoter.actor, { callId }), "INVALID_STATE", "callAlreadyPublished");
    expect((await getRow(callId)).budgetCents).toBe(120_000_000);
    expect(await auditActionsFor(db, callId)).toEqual(["call.created", "call.published"]);
  });

  it("refuses inconsistent rules, listing every problem on its field, and stays a draft", async () => {
    setClock(T0);
    const c = await createCoalition();
    const bad = callInput({
      title: " ",
      themes: [],
      sectors: [],
      budget: "100.000",
      maxRequest: "400.000",
      minCofinancing: "100",
      minPartners: "0",
      maxPartners: "0",
      quorum: "0",
      submissionOpensAt: "2026-02-20T09:00",
      submissionClosesAt: "2026-02-15T18:00",
      votingOpensAt: "2026-02-10T09:00",
      votingClosesAt: "2026-02-09T18:00",
    });
    const { callId } = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...bad });
    const error = await expectAppError(publishCall(db, c.promoter.actor, { callId }), "VALIDATION", "callRulesInvalid");
    expect(error.fieldErrors).toEqual({
      title: ["callTitleRequired"],
      themes: ["callThemesRequired"],
      sectors: ["callSectorsRequired"],
      budget: ["callBudgetBelowMaxRequest"],
      minCofinancing: ["callCofinancingRange"],
      minPartners: ["callMinPartnersAtLeastOne"],
      quorum: ["callQuorumRange"],
      submissionClosesAt: ["callClosesBeforeOpens"],
      votingOpensAt: ["callVotingBeforeSubmissionCloses"],
      votingClosesAt: ["callVotingClosesBeforeOpens"],
    });
    expect((await getRow(callId)).status).toBe("draft");
    expect(await auditActionsFor(db, callId)).toEqual(["call.created"]);
  });

  it.each([
    ["max partners below min", { minPartners: "5", maxPartners: "4" }, { maxPartners: ["callMaxPartnersBelowMin"] }],
    ["min partners below 1", { minPartners: "0" }, { minPartners: ["callMinPartnersAtLeastOne"] }],
    ["budget below the per-proposal maximum", { budget: "300.000" }, { budget: ["callBudgetBelowMaxRequest"] }],
    ["no budget", { budget: "" }, { budget: ["callBudgetRequired"] }],
    ["max request of zero", { maxRequest: "0" }, { maxRequest: ["callMaxRequestPositive"] }],
    ["co-financing of 100%", { minCofinancing: "100" }, { minCofinancing: ["callCofinancingRange"] }],
    ["quorum of 0", { quorum: "0" }, { quorum: ["callQuorumRange"] }],
    ["no title", { title: "" }, { title: ["callTitleRequired"] }],
    ["no themes", { themes: [] }, { themes: ["callThemesRequired"] }],
    ["no sectors", { sectors: [] }, { sectors: ["callSectorsRequired"] }],
    ["a missing window", { votingOpensAt: "" }, { votingOpensAt: ["callWindowRequired"] }],
    ["submission closing before it opens", { submissionOpensAt: "2026-01-20T09:00", submissionClosesAt: "2026-01-20T09:00" }, { submissionClosesAt: ["callClosesBeforeOpens"] }],
    ["submission already closed", { submissionOpensAt: "2026-01-01T09:00", submissionClosesAt: "2026-01-09T18:00" }, { submissionClosesAt: ["callClosesInPast"] }],
    ["voting before submission closes", { votingOpensAt: "2026-02-15T17:59" }, { votingOpensAt: ["callVotingBeforeSubmissionCloses"] }],
    ["voting closing before it opens", { votingClosesAt: "2026-02-22T09:00" }, { votingClosesAt: ["callVotingClosesBeforeOpens"] }],
  ])("refuses %s", async (_name, overrides, expected) => {
    setClock(T0);
    const c = await createCoalition();
    const { callId } = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput(overrides as Partial<CallFieldsInput>) });
    const error = await expectAppError(publishCall(db, c.promoter.actor, { callId }), "VALIDATION");
    expect(error.fieldErrors).toEqual(expected);
  });
});

describe("only promoters of this coalition write its calls", () => {
  it("a member, a signed-out visitor, an outsider and another coalition's promoter are refused, for every write", async () => {
    setClock(T0);
    const c = await createCoalition();
    const other = await createCoalition();
    const outsider = await createUser(db);
    const draft = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput() });
    const published = await publishedCall(c);
    const extend = { callId: published, submissionClosesAt: "2026-02-20T18:00", reason: "Richiesta delle imprese" };

    const refused = [
      { actor: c.member.actor, code: "FORBIDDEN" },
      { actor: c.promoterPlainMember.actor, code: "FORBIDDEN" },
      { actor: outsider.actor, code: "FORBIDDEN" },
      { actor: other.promoter.actor, code: "FORBIDDEN" },
      { actor: null, code: "UNAUTHENTICATED" },
    ] as const;
    for (const { actor, code } of refused) {
      await expectAppError(createCall(db, actor, { coalitionId: c.coalitionId, ...callInput() }), code);
      await expectAppError(updateCall(db, actor, { callId: draft.callId, ...callInput() }), code);
      await expectAppError(publishCall(db, actor, { callId: draft.callId }), code);
      await expectAppError(extendSubmissionDeadline(db, actor, extend), code);
      await expectAppError(archiveCall(db, actor, { callId: published }), code);
    }
    expect((await getRow(draft.callId)).status).toBe("draft");
    expect((await getRow(published)).submissionClosesAt?.toISOString()).toBe("2026-02-15T17:00:00.000Z");
    expect(await auditActionsFor(db, draft.callId)).toEqual(["call.created"]);
    expect(await db.select({ id: calls.id }).from(calls).where(eq(calls.coalitionId, c.coalitionId))).toHaveLength(2);
  });

  it("a plain member of the promoter organisation acts only while an admin has named them representative", async () => {
    setClock(T0);
    const c = await createCoalition();
    const plain = c.promoterPlainMember;
    const name = (isRepresentative: boolean) =>
      setRepresentative(db, c.promoter.actor, { organisationId: c.promoterOrganisationId, userId: plain.actor.userId, isRepresentative });
    const draft = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput() });

    await expectAppError(createCall(db, plain.actor, { coalitionId: c.coalitionId, ...callInput() }), "FORBIDDEN", "forbidden");
    await expectAppError(publishCall(db, plain.actor, { callId: draft.callId }), "FORBIDDEN", "forbidden");
    expect((await getRow(draft.callId)).status).toBe("draft");

    await name(true);
    const own = await createCall(db, plain.actor, { coalitionId: c.coalitionId, ...callInput() });
    const created = await db.select().from(auditEntries).where(eq(auditEntries.entityId, own.callId));
    // The audit trail names the organisation they acted for.
    expect(created[0]).toMatchObject({ action: "call.created", actorUserId: plain.actor.userId, organisationId: c.promoterOrganisationId });

    await name(false);
    await expectAppError(publishCall(db, plain.actor, { callId: own.callId }), "FORBIDDEN", "forbidden");
    await expectAppError(createCall(db, plain.actor, { coalitionId: c.coalitionId, ...callInput() }), "FORBIDDEN", "forbidden");
    expect((await getRow(own.callId)).status).toBe("draft");
    await publishCall(db, c.promoter.actor, { callId: own.callId });
    expect(await db.select({ id: calls.id }).from(calls).where(eq(calls.coalitionId, c.coalitionId))).toHaveLength(2);
  });

  it("an unknown call or coalition is NOT_FOUND", async () => {
    const c = await createCoalition();
    await expectAppError(publishCall(db, c.promoter.actor, { callId: randomUUID() }), "NOT_FOUND", "callNotFound");
    await expectAppError(createCall(db, c.promoter.actor, { coalitionId: randomUUID(), ...callInput() }), "NOT_FOUND", "coalitionNotFound");
  });
});

describe("deleteDraftCall", () => {
  it("a promoter (or a named colleague) deletes a draft; the audit entry keeps what it said", async () => {
    setClock(T0);
    const c = await createCoalition();
    const first = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput({ title: "Bozza da eliminare" }) });
    const second = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput() });
    await deleteDraftCall(db, c.promoter.actor, { callId: first.callId });
    await deleteDraftCall(db, c.promoterColleague.actor, { callId: second.callId });
    expect(await getRow(first.callId)).toBeUndefined();
    expect(await getRow(second.callId)).toBeUndefined();
    expect(await auditActionsFor(db, first.callId)).toEqual(["call.created", "call.deleted"]);
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, first.callId)).orderBy(auditEntries.seq).offset(1);
    expect(entry).toMatchObject({ actorUserId: c.promoter.actor.userId, organisationId: c.promoterOrganisationId });
    expect(entry.data).toMatchObject({ coalitionId: c.coalitionId, before: "draft", rules: { title: "Bozza da eliminare" } });
    await expectAppError(deleteDraftCall(db, c.promoter.actor, { callId: first.callId }), "NOT_FOUND", "callNotFound");
  });

  it("refuses members, plain members of the promoter, outsiders, other promoters and visitors; the draft stays", async () => {
    setClock(T0);
    const c = await createCoalition();
    const other = await createCoalition();
    const outsider = await createUser(db);
    const draft = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput() });
    const refused = [
      { actor: c.member.actor, code: "FORBIDDEN" },
      { actor: c.promoterPlainMember.actor, code: "FORBIDDEN" },
      { actor: outsider.actor, code: "FORBIDDEN" },
      { actor: other.promoter.actor, code: "FORBIDDEN" },
      { actor: null, code: "UNAUTHENTICATED" },
    ] as const;
    for (const { actor, code } of refused) await expectAppError(deleteDraftCall(db, actor, { callId: draft.callId }), code);
    await expectAppError(deleteDraftCall(db, c.promoter.actor, { callId: "not-a-uuid" }), "VALIDATION");
    expect((await getRow(draft.callId)).status).toBe("draft");
    expect(await auditActionsFor(db, draft.callId)).toEqual(["call.created"]);
  });

  it("never deletes a published call: it is archived instead", async () => {
    setClock(T0);
    const c = await createCoalition();
    const callId = await publishedCall(c);
    await expectAppError(deleteDraftCall(db, c.promoter.actor, { callId }), "INVALID_STATE", "callAlreadyPublished");
    expect((await getRow(callId)).status).toBe("published");
    expect(await auditActionsFor(db, callId)).toEqual(["call.created", "call.published"]);
  });
});

describe("extendSubmissionDeadline", () => {
  it("moves the deadline later with an audited reason", async () => {
    setClock(T0);
    const c = await createCoalition();
    const callId = await publishedCall(c);
    await extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-20T18:00", reason: "Richiesta delle imprese" });
    expect((await getRow(callId)).submissionClosesAt?.toISOString()).toBe("2026-02-20T17:00:00.000Z");
    const entries = await db.select().from(auditEntries).where(eq(auditEntries.entityId, callId));
    const entry = entries.find((e) => e.action === "call.submission_extended")!;
    expect(entry.actorUserId).toBe(c.promoter.actor.userId);
    expect(entry.data).toEqual({ before: "2026-02-15T17:00:00.000Z", after: "2026-02-20T17:00:00.000Z", reason: "Richiesta delle imprese" });
  });

  it("never shortens, never passes the opening of the vote, needs a reason", async () => {
    setClock(T0);
    const c = await createCoalition();
    const callId = await publishedCall(c);
    const shorter = await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-14T18:00", reason: "x" }),
      "VALIDATION",
      "callExtensionNotLater",
    );
    expect(shorter.fieldErrors).toEqual({ submissionClosesAt: ["callExtensionNotLater"] });
    await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-15T18:00", reason: "x" }),
      "VALIDATION",
      "callExtensionNotLater",
    );
    await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-22T09:01", reason: "x" }),
      "VALIDATION",
      "callExtensionAfterVotingOpens",
    );
    const noReason = await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-20T18:00", reason: "  " }),
      "VALIDATION",
    );
    expect(noReason.fieldErrors).toEqual({ reason: ["required"] });
    await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-20T18:00", reason: "x".repeat(501) }),
      "VALIDATION",
    );
    // Up to the very opening of the vote is fine.
    await extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-22T09:00", reason: "x".repeat(500) });
    expect(await auditActionsFor(db, callId)).toEqual(["call.created", "call.published", "call.submission_extended"]);
  });

  it("only while submission is open: not for a draft, not once closed", async () => {
    setClock(T0);
    const c = await createCoalition();
    const draft = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput() });
    await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId: draft.callId, submissionClosesAt: "2026-02-20T18:00", reason: "x" }),
      "INVALID_STATE",
      "callNotOpen",
    );
    const callId = await publishedCall(c);
    setClock(new Date("2026-02-15T17:00:00Z"));
    await expectAppError(
      extendSubmissionDeadline(db, c.promoter.actor, { callId, submissionClosesAt: "2026-02-20T18:00", reason: "x" }),
      "INVALID_STATE",
      "callNotOpen",
    );
  });
});

describe("phases follow the clock", () => {
  it("scheduled → open → review → voting → counting, read at each request", async () => {
    setClock(new Date("2026-01-01T09:00:00Z"));
    const c = await createCoalition();
    const callId = await publishedCall(c);
    const phaseAt = async (iso: string) => {
      setClock(new Date(iso));
      return (await getCall(db, null, callId))?.phase;
    };
    expect(await phaseAt("2026-01-01T09:00:00Z")).toBe("scheduled");
    expect(await phaseAt("2026-01-05T08:00:00Z")).toBe("open");
    expect(await phaseAt("2026-02-15T16:59:59Z")).toBe("open");
    expect(await phaseAt("2026-02-15T17:00:00Z")).toBe("review");
    expect(await phaseAt("2026-02-22T08:00:00Z")).toBe("voting");
    expect(await phaseAt("2026-03-08T17:00:00Z")).toBe("counting");
    setClock(new Date("2026-01-20T00:00:00Z"));
    expect((await getCall(db, null, callId))?.nextDeadline).toEqual({ event: "submissionCloses", at: new Date("2026-02-15T17:00:00Z") });
  });

  it("archives only a call whose results are published", async () => {
    setClock(T0);
    const c = await createCoalition();
    const callId = await publishedCall(c);
    setClock(new Date("2026-04-01T09:00:00Z"));
    await expectAppError(archiveCall(db, c.promoter.actor, { callId }), "INVALID_STATE", "callNotInResults");
    await db.update(calls).set({ status: "results", resultsPublishedAt: new Date("2026-03-20T09:00:00Z") }).where(eq(calls.id, callId));
    await archiveCall(db, c.promoter.actor, { callId });
    const row = await getRow(callId);
    expect(row).toMatchObject({ status: "archived" });
    expect(row.archivedAt?.toISOString()).toBe("2026-04-01T09:00:00.000Z");
    await expectAppError(archiveCall(db, c.promoter.actor, { callId }), "INVALID_STATE");
    const entries = await db.select().from(auditEntries).where(eq(auditEntries.entityId, callId));
    expect(entries.find((e) => e.action === "call.archived")?.data).toEqual({ before: "results", after: "archived" });
  });
});

describe("queries", () => {
  it("drafts are visible to the coalition's promoters only", async () => {
    setClock(T0);
    const c = await createCoalition();
    const other = await createCoalition();
    const draft = await createCall(db, c.promoter.actor, { coalitionId: c.coalitionId, ...callInput({ title: "Bozza riservata" }) });
    const published = await publishedCall(c, { title: "Bando pubblicato" });

    const titles = async (actor: TestUser["actor"] | null) => (await listCallsForCoalition(db, actor, c.coalitionId)).map((x) => x.title).sort();
    expect(await titles(c.promoter.actor)).toEqual(["Bando pubblicato", "Bozza riservata"]);
    expect(await titles(c.promoterColleague.actor)).toEqual(["Bando pubblicato", "Bozza riservata"]);
    // Drafts are the promoters' work: a plain member of the promoter organisation does not see them.
    expect(await titles(c.promoterPlainMember.actor)).toEqual(["Bando pubblicato"]);
    expect(await titles(c.member.actor)).toEqual(["Bando pubblicato"]);
    expect(await titles(other.promoter.actor)).toEqual(["Bando pubblicato"]);
    expect(await titles(null)).toEqual(["Bando pubblicato"]);

    expect(await getCall(db, c.promoter.actor, draft.callId)).toMatchObject({ title: "Bozza riservata", phase: "draft", isPromoter: true });
    expect(await getCall(db, c.member.actor, draft.callId)).toBeNull();
    expect(await getCall(db, other.promoter.actor, draft.callId)).toBeNull();
    expect(await getCall(db, null, draft.callId)).toBeNull();
    expect(await getCall(db, null, published)).toMatchObject({ title: "Bando pubblicato", phase: "open", isPromoter: false });
    expect(await getCall(db, null, randomUUID())).toBeNull();
  });
});
