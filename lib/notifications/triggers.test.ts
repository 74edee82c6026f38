import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { emailOutbox, notificationPreferences, notifications, proposalBudgetLines, proposals, users } from "@/db/schema";
import { createCall, publishCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { decideJoinRequest, inviteOrganisationToCoalition, requestToJoinCoalition, respondToCoalitionInvitation } from "@/lib/coalitions/service";
import { addExpenseLine, completeReview, createReport, reviewLine, submitReport } from "@/lib/incentives/expenses";
import { recordConcession, releaseTranche } from "@/lib/incentives/grants";
import { decidePartnerRequest, invitePartner, requestToJoinProposal, respondToPartnerInvitation } from "@/lib/proposals/partnerships";
import { markAdmissibility } from "@/lib/proposals/review";
import { updateProposal } from "@/lib/proposals/service";
import { castBallot, correctResults, publishResults } from "@/lib/voting/service";
import { expectAppError } from "@/test/assert";
import { createTestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { addMember, createOrganisation, createUser, type TestOrganisation, type TestUser } from "@/test/factories";
import { fundedScenario } from "@/test/grants";
import { AFTER_SUBMISSION, createScenario, newDraft, openCallInput, type Scenario } from "@/test/proposals";
import { submittedProposal } from "@/test/submissions";
import { AFTER_VOTING, VOTING, createVotingScenario } from "@/test/voting";
import type { Channel, NotificationKind } from "./kinds";
import { notifyUsers } from "./notify";
import { notifyCoalitionInvitation, notifyResultsPublished } from "./triggers";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** This person's notifications of a kind (only rows of this test's own people are ever read). */
async function notes(user: TestUser, kind: NotificationKind) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.actor.userId), eq(notifications.kind, kind)))
    .orderBy(notifications.createdAt);
}

async function mails(user: TestUser, kind: NotificationKind) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, user.actor.userId), eq(emailOutbox.kind, `notification:${kind}`)));
}

async function confirm(user: TestUser) {
  await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.actor.userId));
}

async function prefer(user: TestUser, kind: NotificationKind, channel: Channel) {
  await db.insert(notificationPreferences).values({ userId: user.actor.userId, kind, channel, updatedAt: new Date() });
}

/** Expects exactly one notification of the kind for each of `told`, none for each of `notTold`; returns the first one. */
async function expectTold(kind: NotificationKind, told: TestUser[], notTold: TestUser[]) {
  for (const user of told) expect(await notes(user, kind), `${user.actor.email} told once of ${kind}`).toHaveLength(1);
  for (const user of notTold) expect(await notes(user, kind), `${user.actor.email} not told of ${kind}`).toHaveLength(0);
  return (await notes(told[0], kind))[0];
}

async function verifiedOrg(): Promise<TestOrganisation> {
  return createOrganisation(db, { verified: true });
}

describe("coalitions: invitation, request, answer", () => {
  it("an invitation tells the invited organisation's representatives (not a plain member, the promoter or a stranger), once; the answer tells the promoters", async () => {
    const coalition = await createTestCoalition(db);
    const promoterRep = await addMember(db, coalition.promoter, "member", { representative: true });
    const invited = await verifiedOrg();
    const namedRep = await addMember(db, invited, "member", { representative: true });
    const plain = await addMember(db, invited, "member");
    const stranger = await createUser(db);

    const { requestId } = await inviteOrganisationToCoalition(db, coalition.promoter.admin.actor, {
      coalitionId: coalition.coalitionId,
      organisationId: invited.organisationId,
      role: "member",
      weight: 2,
    });
    const note = await expectTold("coalition_invitation", [invited.admin, namedRep], [plain, coalition.promoter.admin, promoterRep, stranger]);
    expect(note.href).toBe("/desk");
    expect(note.params).toEqual({ coalition: expect.stringContaining("Patto di prova"), organisation: invited.input.legalName });
    expect(note.dedupeKey).toBe(`coalition_invitation:${requestId}`);
    // The same event again tells nobody twice.
    const again = await db.transaction((tx) =>
      notifyCoalitionInvitation(tx, { actorUserId: coalition.promoter.admin.actor.userId, requestId, coalitionId: coalition.coalitionId, organisationId: invited.organisationId }),
    );
    expect(again.created).toBe(0);
    expect(await notes(invited.admin, "coalition_invitation")).toHaveLength(1);

    await respondToCoalitionInvitation(db, namedRep.actor, { requestId, decision: "decline" });
    const answer = await expectTold("coalition_request_answered", [coalition.promoter.admin, promoterRep], [namedRep, invited.admin, plain, stranger]);
    expect(answer.params).toMatchObject({ outcome: "declined", direction: "invitation", organisation: invited.input.legalName });
    expect(answer.href).toBe(`/coalitions/${coalition.slug}/manage`);
    // A second answer is refused and tells nobody again.
    await expectAppError(respondToCoalitionInvitation(db, invited.admin.actor, { requestId, decision: "accept" }), "INVALID_STATE");
    expect(await notes(coalition.promoter.admin, "coalition_request_answered")).toHaveLength(1);
  });

  it("a request to join tells the promoters' representatives on the manage page; the decision tells the requesting organisation", async () => {
    const coalition = await createTestCoalition(db);
    const promoterPlain = await addMember(db, coalition.promoter, "member");
    const requester = await verifiedOrg();
    const requesterPlain = await addMember(db, requester, "member");
    const stranger = await createUser(db);

    const { requestId } = await requestToJoinCoalition(db, requester.admin.actor, {
      coalitionId: coalition.coalitionId,
      organisationId: requester.organisationId,
      motivation: "Vogliamo partecipare",
    });
    const note = await expectTold("coalition_join_request", [coalition.promoter.admin], [promoterPlain, requester.admin, requesterPlain, stranger]);
    expect(note.href).toBe(`/coalitions/${coalition.slug}/manage`);
    expect(note.params).toMatchObject({ organisation: requester.input.legalName });

    await decideJoinRequest(db, coalition.promoter.admin.actor, { requestId, decision: "accept", role: "member", weight: 1 });
    const answer = await expectTold("coalition_request_answered", [requester.admin], [requesterPlain, coalition.promoter.admin, promoterPlain, stranger]);
    expect(answer.params).toMatchObject({ outcome: "accepted", direction: "request" });
    expect(answer.href).toBe(`/coalitions/${coalition.slug}`);
    await expectAppError(decideJoinRequest(db, coalition.promoter.admin.actor, { requestId, decision: "decline", reason: "No" }), "INVALID_STATE");
    expect(await notes(requester.admin, "coalition_request_answered")).toHaveLength(1);
  });

  it("mail follows each person's choice: immediate to a confirmed address, none to an unconfirmed one, none for in-app, the digest marked", async () => {
    const coalition = await createTestCoalition(db);
    const confirmed = coalition.promoter.admin;
    const unconfirmed = await addMember(db, coalition.promoter, "member", { representative: true });
    const inApp = await addMember(db, coalition.promoter, "member", { representative: true });
    const digest = await addMember(db, coalition.promoter, "member", { representative: true });
    for (const user of [confirmed, inApp, digest]) await confirm(user);
    await prefer(inApp, "coalition_join_request", "in_app");
    await prefer(digest, "coalition_join_request", "digest");
    const requester = await verifiedOrg();

    await requestToJoinCoalition(db, requester.admin.actor, { coalitionId: coalition.coalitionId, organisationId: requester.organisationId, motivation: "Per favore" });

    const [note] = await notes(confirmed, "coalition_join_request");
    expect(note.emailState).toBe("queued");
    const [mail] = await mails(confirmed, "coalition_join_request");
    expect(mail).toMatchObject({ toAddress: confirmed.actor.email, status: "pending" });
    expect(mail.textBody).toContain(`/coalitions/${coalition.slug}/manage`);
    expect(mail.headers?.["List-Unsubscribe"]).toContain("/notifications/opt-out?token=");

    expect((await notes(unconfirmed, "coalition_join_request"))[0].emailState).toBe("none");
    expect(await mails(unconfirmed, "coalition_join_request")).toHaveLength(0);
    expect((await notes(inApp, "coalition_join_request"))[0].emailState).toBe("none");
    expect(await mails(inApp, "coalition_join_request")).toHaveLength(0);
    expect((await notes(digest, "coalition_join_request"))[0].emailState).toBe("digest");
    expect(await mails(digest, "coalition_join_request")).toHaveLength(0);
  });
});

/** Sets the draft looking for partners, so members may ask to join. */
async function lookForPartners(s: Scenario, proposalId: string) {
  const [row] = await db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, proposalId));
  await updateProposal(db, s.lead.admin.actor, {
    proposalId,
    version: row.version,
    title: "Marketplace B2B",
    summary: "Un marketplace per il distretto",
    problem: "",
    solutionType: "marketplace",
    objectives: "",
    indicators: [],
    milestones: [],
    durationMonths: "",
    sectors: ["services"],
    lookingForKinds: ["firm", "university"],
    requested: "123.456",
  });
}

describe("partnerships: invitation, request, answer", () => {
  it("an invitation tells the invited organisation's representatives from the desk; declining tells the lead; a new invitation is a new notification", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const firmPlain = await addMember(db, s.firm, "member");
    const leadPlain = await addMember(db, s.lead, "member");

    await invitePartner(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, roleDescription: "Sviluppo" });
    const note = await expectTold("partner_invitation", [s.firm.admin], [firmPlain, s.lead.admin, s.university.admin, s.coalition.promoter.admin]);
    expect(note.href).toBe("/desk");
    expect(note.params).toEqual({ proposal: "Bozza", lead: s.lead.input.legalName, organisation: s.firm.input.legalName });

    await respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "decline" });
    const answer = await expectTold("partner_request_answered", [s.lead.admin], [leadPlain, s.firm.admin, firmPlain]);
    expect(answer.params).toMatchObject({ outcome: "declined", direction: "invitation", organisation: s.firm.input.legalName });
    expect(answer.href).toBe(`/proposals/${id}/edit`);
    // A second answer is refused (the declined draft is closed to the firm) and tells nobody again.
    await expectAppError(respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" }), "NOT_FOUND");
    expect(await notes(s.lead.admin, "partner_request_answered")).toHaveLength(1);

    // Invited again after declining: a new invitation, told again.
    await invitePartner(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, roleDescription: "Sviluppo" });
    expect(await notes(s.firm.admin, "partner_invitation")).toHaveLength(2);
  });

  it("a request to join tells the lead's representatives in the workspace; accepted, the partner is led to the workspace, declined to its partnerships", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await lookForPartners(s, id);
    const leadPlain = await addMember(db, s.lead, "member");
    const universityPlain = await addMember(db, s.university, "member");

    await requestToJoinProposal(db, s.university.admin.actor, { proposalId: id, organisationId: s.university.organisationId, message: "Ci siamo", contribution: "Ricerca" });
    const request = await expectTold("partner_join_request", [s.lead.admin], [leadPlain, s.university.admin, universityPlain, s.firm.admin]);
    expect(request.href).toBe(`/proposals/${id}/edit`);
    expect(request.params).toMatchObject({ organisation: s.university.input.legalName, proposal: "Marketplace B2B" });

    await decidePartnerRequest(db, s.lead.admin.actor, { proposalId: id, organisationId: s.university.organisationId, decision: "accept" });
    const accepted = await expectTold("partner_request_answered", [s.university.admin], [universityPlain, s.lead.admin, leadPlain]);
    expect(accepted.params).toMatchObject({ outcome: "accepted", direction: "request" });
    expect(accepted.href).toBe(`/proposals/${id}/edit`);

    await requestToJoinProposal(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, message: "Anche noi", contribution: "Sviluppo" });
    await decidePartnerRequest(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "decline" });
    const declined = await expectTold("partner_request_answered", [s.firm.admin], [s.lead.admin]);
    expect(declined.params).toMatchObject({ outcome: "declined", direction: "request" });
    expect(declined.href).toBe("/partnerships");
    await expectAppError(decidePartnerRequest(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" }), "INVALID_STATE");
    expect(await notes(s.firm.admin, "partner_request_answered")).toHaveLength(1);
  });
});

describe("calls and votes", () => {
  it("a published call tells every person of the coalition's organisations (observers and plain members too), not the promoter who published it nor strangers", async () => {
    const s = await createScenario(db);
    const leadPlain = await addMember(db, s.lead, "member");
    const stranger = await createUser(db);
    const outsider = await verifiedOrg();
    await confirm(s.firm.admin);
    const { callId } = await createCall(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, ...openCallInput({ title: "Bando digitale" }) });
    await publishCall(db, s.coalition.promoter.admin.actor, { callId });

    const byKey = async (user: TestUser) => (await notes(user, "call_opened")).filter((n) => n.dedupeKey === `call_opened:${callId}`);
    for (const user of [s.lead.admin, leadPlain, s.firm.admin, s.university.admin, s.observer.admin]) expect(await byKey(user)).toHaveLength(1);
    for (const user of [s.coalition.promoter.admin, stranger, outsider.admin]) expect(await byKey(user)).toHaveLength(0);
    const [note] = await byKey(leadPlain);
    expect(note.href).toBe(`/coalitions/${s.coalition.slug}/calls/${callId}`);
    expect(note.params).toMatchObject({ call: "Bando digitale", closesAt: "2026-02-15T17:00:00.000Z" });
    // call_opened is news: a digest by default, no mail at once even to a confirmed address.
    expect((await byKey(s.firm.admin))[0].emailState).toBe("digest");
    expect(await mails(s.firm.admin, "call_opened")).toHaveLength(0);
    await expectAppError(publishCall(db, s.coalition.promoter.admin.actor, { callId }), "INVALID_STATE");
    expect(await byKey(leadPlain)).toHaveLength(1);
  });

  it("results and their correction tell the coalition's people and the partners of the call's proposals, once per version, on the results page", async () => {
    const s = await createVotingScenario(db, { quorum: "20" });
    const outsider = await verifiedOrg();
    const firmPlain = await addMember(db, s.firm, "member");
    const stranger = await createUser(db);
    const proposalId = await s.proposal({ partners: [outsider] });
    setClock(VOTING);
    await castBallot(db, s.coalition.promoter.admin.actor, { callId: s.callId, proposalId, organisationId: s.coalition.promoter.organisationId, value: 1 });
    setClock(AFTER_VOTING);
    await publishResults(db, s.coalition.promoter.admin.actor, { callId: s.callId });

    const note = await expectTold("results_published", [s.lead.admin, firmPlain, s.observer.admin, outsider.admin], [s.coalition.promoter.admin, stranger]);
    expect(note.href).toBe(`/calls/${s.callId}/results`);
    expect(note.params).toMatchObject({ version: 1 });
    const again = await db.transaction((tx) => notifyResultsPublished(tx, { actorUserId: s.coalition.promoter.admin.actor.userId, callId: s.callId, version: 1 }));
    expect(again.created).toBe(0);

    await correctResults(db, s.coalition.promoter.admin.actor, { callId: s.callId, reason: "Scheda conteggiata due volte" });
    const all = await notes(outsider.admin, "results_published");
    expect(all.map((n) => [n.dedupeKey, n.params.version])).toEqual([
      [`results_published:${s.callId}:v1`, 1],
      [`results_published:${s.callId}:v2`, 2],
    ]);
  });

  it("admissibility tells the people of the lead and accepted partners, on the proposal's page; the same decision again tells nobody, a changed one tells again", async () => {
    const { s, id } = await submittedProposal(db);
    const leadPlain = await addMember(db, s.lead, "member");
    setClock(AFTER_SUBMISSION);
    await markAdmissibility(db, s.coalition.promoter.admin.actor, { proposalId: id, admissible: false, reason: "Manca il partner di ricerca" });
    const note = await expectTold("admissibility_decided", [s.lead.admin, leadPlain, s.firm.admin, s.university.admin], [s.observer.admin, s.coalition.promoter.admin]);
    expect(note.href).toBe(`/proposals/${id}`);
    expect(note.params).toMatchObject({ outcome: "excluded", reason: "Manca il partner di ricerca" });

    await markAdmissibility(db, s.coalition.promoter.admin.actor, { proposalId: id, admissible: false, reason: "Manca il partner di ricerca" });
    expect(await notes(leadPlain, "admissibility_decided")).toHaveLength(1);

    await markAdmissibility(db, s.coalition.promoter.admin.actor, { proposalId: id, admissible: true });
    const both = await notes(leadPlain, "admissibility_decided");
    expect(both.map((n) => n.params.outcome)).toEqual(["excluded", "admitted"]);
  });
});

const fixture = (name: string, as = name) => new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", name))], as);

describe("grants: expense reports and tranches", () => {
  it("a reviewed expense report tells the grant organisation's people (only them) on the report's page", async () => {
    const f = await fundedScenario(db);
    const leadPlain = await addMember(db, f.s.lead, "member");
    setClock(new Date("2026-04-15T10:00:00Z"));
    const [budgetLine] = await db
      .select({ id: proposalBudgetLines.id })
      .from(proposalBudgetLines)
      .where(and(eq(proposalBudgetLines.proposalId, f.proposalId), eq(proposalBudgetLines.organisationId, f.s.lead.organisationId)));
    const { id: reportId, number } = await createReport(db, f.s.lead.admin.actor, { grantId: f.lead.id });
    const line = await addExpenseLine(db, f.s.lead.admin.actor, {
      reportId,
      budgetLineId: budgetLine.id,
      supplier: "Gestionali Piemonte S.r.l.",
      invoiceNumber: "FT-1",
      invoiceDate: "2026-03-20",
      amount: "4.000",
      file: fixture("sample.pdf", "fattura.pdf"),
    });
    await submitReport(db, f.s.lead.admin.actor, { reportId });
    await reviewLine(db, f.s.coalition.promoter.admin.actor, { lineId: line.id, decision: "accept" });
    expect(await notes(f.s.lead.admin, "expense_report_reviewed")).toHaveLength(0);
    await completeReview(db, f.s.coalition.promoter.admin.actor, { reportId });

    const note = await expectTold("expense_report_reviewed", [f.s.lead.admin, leadPlain], [f.s.firm.admin, f.s.coalition.promoter.admin]);
    expect(note.href).toBe(`/grants/${f.lead.id}/reports/${number}`);
    expect(note.params).toMatchObject({ number, acceptedCents: 4_000_00, organisation: f.s.lead.input.legalName });
    await expectAppError(completeReview(db, f.s.coalition.promoter.admin.actor, { reportId }), "INVALID_STATE");
    expect(await notes(leadPlain, "expense_report_reviewed")).toHaveLength(1);
  });

  it("a tranche paid tells the grant organisation's people on the grant's page, with its kind and amount", async () => {
    const f = await fundedScenario(db);
    const firmPlain = await addMember(db, f.s.firm, "member");
    await confirm(firmPlain);
    await recordConcession(db, f.s.coalition.promoter.admin.actor, {
      grantId: f.firm.id,
      version: 1,
      actNumber: "Determinazione n. 45/2026",
      actDate: "2026-03-09",
      cup: "j51b24000123000",
      cor: "1234567",
      startsOn: "2026-04-01",
      endsOn: "2027-03-31",
      finalReportDueOn: "2027-05-31",
    });
    const { id: trancheId } = await releaseTranche(db, f.s.coalition.promoter.admin.actor, { grantId: f.firm.id, kind: "advance", amount: "1.000", guarantee: "Fideiussione n. 1", paidOn: "2026-03-09" });
    const note = await expectTold("tranche_released", [f.s.firm.admin, firmPlain], [f.s.lead.admin, f.s.university.admin, f.s.coalition.promoter.admin]);
    expect(note.href).toBe(`/grants/${f.firm.id}`);
    expect(note.dedupeKey).toBe(`tranche_released:${trancheId}`);
    expect(note.params).toMatchObject({ amountCents: 1_000_00, tranche: "advance", organisation: f.s.firm.input.legalName });
    const [mail] = await mails(firmPlain, "tranche_released");
    expect(mail.subject).toContain("1.000,00");
  });
});

describe("atomicity and safety", () => {
  it("a notification is rolled back with its event's transaction", async () => {
    const coalition = await createTestCoalition(db);
    const invited = await verifiedOrg();
    await confirm(invited.admin);
    const requestId = crypto.randomUUID();
    await expect(
      db.transaction(async (tx) => {
        const result = await notifyCoalitionInvitation(tx, { actorUserId: coalition.promoter.admin.actor.userId, requestId, coalitionId: coalition.coalitionId, organisationId: invited.organisationId });
        expect(result.created).toBe(1);
        expect(result.mailIds).toHaveLength(1);
        throw new Error("the event failed");
      }),
    ).rejects.toThrow("the event failed");
    expect(await notes(invited.admin, "coalition_invitation")).toHaveLength(0);
    expect(await mails(invited.admin, "coalition_invitation")).toHaveLength(0);
  });

  it("a failing service writes no notification: an invitation refused as a duplicate tells nobody", async () => {
    const coalition = await createTestCoalition(db);
    const invited = await verifiedOrg();
    const input = { coalitionId: coalition.coalitionId, organisationId: invited.organisationId, role: "member", weight: 1 };
    await inviteOrganisationToCoalition(db, coalition.promoter.admin.actor, input);
    await expectAppError(inviteOrganisationToCoalition(db, coalition.promoter.admin.actor, input), "CONFLICT");
    expect(await notes(invited.admin, "coalition_invitation")).toHaveLength(1);
  });

  it("tells more people than one insert could bind (12,000: PostgreSQL takes 65,535 parameters, 6 a row)", async () => {
    const tag = `bulk-${crypto.randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 12_000; i += 2_000) {
      const rows = await db
        .insert(users)
        .values(Array.from({ length: 2_000 }, (_, j) => ({ email: `${tag}-${i + j}@example.test`, name: `Persona ${i + j}`, passwordHash: "x" })))
        .returning({ id: users.id });
      ids.push(...rows.map((r) => r.id));
    }
    const event = { kind: "call_opened" as const, params: { call: "Bando", coalition: "Patto", closesAt: "2026-02-15T17:00:00.000Z" }, href: "/calls", dedupeKey: tag };
    expect(await notifyUsers(db, ids, event)).toEqual({ created: 12_000, mailIds: [] });
    expect((await notifyUsers(db, ids, event)).created).toBe(0);
  }, 60_000);

  it("notifyUsers refuses a link that is not a path on this site", async () => {
    const user = await createUser(db);
    for (const href of ["https://evil.example/x", "//evil.example", "/\\evil.example", "desk", "/desk\nLocation: x", "javascript:alert(1)"]) {
      await expect(
        notifyUsers(db, [user.actor.userId], { kind: "coalition_message", params: {}, href, dedupeKey: `test:${href}` }),
      ).rejects.toThrow("site path");
    }
    const rows = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.actor.userId), like(notifications.dedupeKey, "test:%")));
    expect(rows).toHaveLength(0);
  });
});
