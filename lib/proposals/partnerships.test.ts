import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposalBudgetLines, proposalPartners, proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { HOSTILE_TOKENS, walkPages } from "@/test/keyset";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { setRepresentative } from "@/lib/organisations/service";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { AFTER_SUBMISSION, createScenario, newDraft, type Scenario } from "@/test/proposals";
import { listMyPartnerships, listProposalsLookingForPartners, searchInvitablePartners } from "./browse";
import { decidePartnerRequest, invitePartner, removePartner, requestToJoinProposal, respondToPartnerInvitation } from "./partnerships";
import { saveBudgetPart, updateProposal } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function proposalRow(id: string) {
  const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
  return row;
}

async function partnerStatus(proposalId: string, organisationId: string) {
  const [row] = await db
    .select({ status: proposalPartners.status })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.organisationId, organisationId)));
  return row?.status ?? null;
}

/** Sets the draft's description, looking for these kinds of partner. */
async function lookFor(s: Scenario, proposalId: string, kinds: string[], extra: Record<string, unknown> = {}) {
  return updateProposal(db, s.lead.admin.actor, {
    proposalId,
    version: (await proposalRow(proposalId)).version,
    title: "Marketplace B2B",
    summary: "Un marketplace per il distretto",
    problem: "Problema riservato della bozza",
    solutionType: "marketplace",
    objectives: "Obiettivi riservati",
    indicators: [],
    milestones: [],
    durationMonths: "",
    sectors: ["services"],
    lookingForKinds: kinds,
    requested: "123.456",
    ...extra,
  });
}

const invite = (s: Scenario, proposalId: string, org: { organisationId: string }) =>
  invitePartner(db, s.lead.admin.actor, { proposalId, organisationId: org.organisationId, roleDescription: "Sviluppo" });

describe("invitePartner / respondToPartnerInvitation", () => {
  it("the lead invites a member; its admin accepts; the version moves and both steps are audited", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const before = (await proposalRow(id)).version;
    await invite(s, id, s.firm);
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("invited");
    expect((await proposalRow(id)).version).toBe(before + 1);
    const mine = await listMyPartnerships(db, s.firm.admin.actor);
    expect(mine.map((m) => [m.proposalId, m.status, m.roleDescription])).toEqual([[id, "invited", "Sviluppo"]]);

    await respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" });
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("accepted");
    expect((await proposalRow(id)).version).toBe(before + 2);
    expect(await auditActionsFor(db, id)).toEqual(["proposal.created", "proposal.partner_invited", "proposal.partner_accepted"]);
    await expectAppError(
      respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "decline" }),
      "FORBIDDEN",
    );
  });

  it("a declined invitation can be sent again; a live one is a conflict", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await invite(s, id, s.university);
    await expectAppError(invite(s, id, s.university), "CONFLICT", "partnerAlreadyInvolved");
    await respondToPartnerInvitation(db, s.university.admin.actor, { proposalId: id, organisationId: s.university.organisationId, decision: "decline" });
    expect(await partnerStatus(id, s.university.organisationId)).toBe("declined");
    await invite(s, id, s.university);
    expect(await partnerStatus(id, s.university.organisationId)).toBe("invited");
    expect(await auditActionsFor(db, id)).toEqual(["proposal.created", "proposal.partner_invited", "proposal.partner_declined", "proposal.partner_invited"]);
  });

  it("only the lead's admins invite: signed out, a plain member, a partner, another member, a promoter", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await invite(s, id, s.firm);
    await respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" });
    const colleague = await addMember(db, s.lead, "member");
    const args = { proposalId: id, organisationId: s.university.organisationId, roleDescription: "Ricerca" };
    await expectAppError(invitePartner(db, null, args), "UNAUTHENTICATED");
    await expectAppError(invitePartner(db, colleague.actor, args), "FORBIDDEN");
    await expectAppError(invitePartner(db, s.firm.admin.actor, args), "FORBIDDEN");
    await expectAppError(invitePartner(db, s.university.admin.actor, args), "NOT_FOUND");
    await expectAppError(invitePartner(db, s.coalition.promoter.admin.actor, args), "NOT_FOUND");
    expect(await partnerStatus(id, s.university.organisationId)).toBeNull();
  });

  it("only verified members and promoters of the call's coalition can be invited: not observers, not outsiders", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const other = await createTestCoalition(db);
    const elsewhere = await admitTestMember(db, other);
    const outsider = await createOrganisation(db, { verified: true });
    for (const org of [s.observer, elsewhere, outsider]) {
      const error = await expectAppError(invite(s, id, org), "INVALID_STATE", "partnerNotCoalitionMember");
      expect(error.fieldErrors?.organisationId).toEqual(["partnerNotCoalitionMember"]);
    }
    await invite(s, id, s.coalition.promoter);
    expect(await partnerStatus(id, s.coalition.promoter.organisationId)).toBe("invited");
    const invitable = await searchInvitablePartners(db, s.lead.admin.actor, id);
    expect(invitable.matches.map((o) => o.id).sort()).toEqual([s.firm.organisationId, s.university.organisationId].sort());
    expect(invitable.more).toBe(false);
    expect(await searchInvitablePartners(db, s.firm.admin.actor, id)).toEqual({ matches: [], more: false });
    expect(await searchInvitablePartners(db, null, id)).toEqual({ matches: [], more: false });
  });

  it("the invitation's search finds members by name or Partita IVA in SQL, at most the limit, and says when more match", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const tag = `Cercabile${Math.floor(Math.random() * 1e9)}`;
    const found: Awaited<ReturnType<typeof admitTestMember>>[] = [];
    for (const n of [3, 1, 2]) found.push(await admitTestMember(db, s.coalition, { input: { legalName: `${tag} ${n} S.r.l.` } }));
    const observer = await admitTestMember(db, s.coalition, { role: "observer", input: { legalName: `${tag} osservatore S.r.l.` } });
    const other = await createTestCoalition(db);
    const elsewhere = await admitTestMember(db, other, { input: { legalName: `${tag} altrove S.r.l.` } });
    const search = (query: string, limit?: number) => searchInvitablePartners(db, s.lead.admin.actor, id, query, limit);
    const byName = [1, 2, 3].map((n) => found[[3, 1, 2].indexOf(n)].organisationId);

    // Every match once, by name; not the observer, not another coalition's member.
    const all = await search(tag.toLowerCase());
    expect(all.matches.map((o) => o.id)).toEqual(byName);
    expect(all.more).toBe(false);
    expect(all.matches.map((o) => o.id)).not.toContain(observer.organisationId);
    expect(all.matches.map((o) => o.id)).not.toContain(elsewhere.organisationId);
    // The limit: the first ones by name, and more to find.
    expect(await search(tag, 2)).toEqual({ matches: all.matches.slice(0, 2), more: true });
    expect((await search(tag, 3)).more).toBe(false);
    // By the start of the Partita IVA, spaces ignored.
    const vat = found[0].input.partitaIva!;
    expect((await search(`${vat.slice(0, 5)} ${vat.slice(5)}`)).matches.map((o) => o.id)).toEqual([found[0].organisationId]);
    // An invited organisation leaves the list.
    await invite(s, id, found[1]);
    expect((await search(tag)).matches.map((o) => o.id)).toEqual(byName.filter((o) => o !== found[1].organisationId));
    // Wildcards are literal, a NUL is dropped: no error, no match for "%".
    expect((await search("%_")).matches).toEqual([]);
    expect((await search(`\u0000${tag}`)).matches).toHaveLength(2);
    // Only the lead's admins see anything.
    expect(await searchInvitablePartners(db, s.firm.admin.actor, id, tag)).toEqual({ matches: [], more: false });
  });

  it("an invitation is answered by the invited organisation's admin only", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await invite(s, id, s.firm);
    const colleague = await addMember(db, s.firm, "member");
    const args = { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" };
    await expectAppError(respondToPartnerInvitation(db, null, args), "UNAUTHENTICATED");
    await expectAppError(respondToPartnerInvitation(db, colleague.actor, args), "FORBIDDEN");
    await expectAppError(respondToPartnerInvitation(db, s.lead.admin.actor, args), "FORBIDDEN");
    await expectAppError(respondToPartnerInvitation(db, s.university.admin.actor, args), "NOT_FOUND");
    await expectAppError(respondToPartnerInvitation(db, s.coalition.promoter.admin.actor, args), "NOT_FOUND");
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("invited");
  });

  it("nothing changes once the proposal is no longer a draft or the call has closed", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await invite(s, id, s.firm);
    setClock(AFTER_SUBMISSION);
    await expectAppError(invite(s, id, s.university), "INVALID_STATE", "partnerCallNotOpen");
    await expectAppError(
      respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" }),
      "INVALID_STATE",
      "partnerCallNotOpen",
    );
    await db.update(proposals).set({ status: "withdrawn" }).where(eq(proposals.id, id));
    await expectAppError(invite(s, id, s.university), "INVALID_STATE", "proposalNotDraft");
    await expectAppError(removePartner(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId }), "INVALID_STATE", "proposalNotDraft");
  });
});

describe("requestToJoinProposal / decidePartnerRequest", () => {
  it("a member asks to join a draft looking for partners; the lead accepts; the partner adds its budget", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await lookFor(s, id, ["university"]);
    await requestToJoinProposal(db, s.university.admin.actor, {
      proposalId: id,
      organisationId: s.university.organisationId,
      message: "Abbiamo un laboratorio di e-commerce",
      contribution: "Due ricercatori per 12 mesi",
    });
    expect(await partnerStatus(id, s.university.organisationId)).toBe("requested");
    await expectAppError(
      requestToJoinProposal(db, s.university.admin.actor, { proposalId: id, organisationId: s.university.organisationId, message: "ancora", contribution: "" }),
      "CONFLICT",
      "partnerAlreadyInvolved",
    );
    await decidePartnerRequest(db, s.lead.admin.actor, { proposalId: id, organisationId: s.university.organisationId, decision: "accept" });
    expect(await partnerStatus(id, s.university.organisationId)).toBe("accepted");
    await saveBudgetPart(db, s.university.admin.actor, {
      proposalId: id,
      version: (await proposalRow(id)).version,
      organisationId: s.university.organisationId,
      lines: [{ category: "personnel", description: "Ricercatori", amount: "60.000" }],
      cofinancing: "0",
    });
    expect(await auditActionsFor(db, id)).toEqual([
      "proposal.created",
      "proposal.updated",
      "proposal.partner_requested",
      "proposal.partner_accepted",
      "proposal.budget_saved",
    ]);
  });

  it("a declined request can be decided only once and the organisation may ask again", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await lookFor(s, id, ["firm"]);
    const ask = () => requestToJoinProposal(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, message: "Ci siamo", contribution: "" });
    await ask();
    await decidePartnerRequest(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "decline" });
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("declined");
    await expectAppError(
      decidePartnerRequest(db, s.lead.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" }),
      "INVALID_STATE",
      "partnerNotPending",
    );
    await ask();
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("requested");
  });

  it("a request to a draft that is not looking for partners, or from an observer or outsider, finds nothing", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const args = (org: { organisationId: string }) => ({ proposalId: id, organisationId: org.organisationId, message: "Ciao", contribution: "" });
    await expectAppError(requestToJoinProposal(db, s.firm.admin.actor, args(s.firm)), "NOT_FOUND", "proposalNotFound");
    await lookFor(s, id, ["firm"]);
    const other = await createTestCoalition(db);
    const elsewhere = await admitTestMember(db, other);
    const outsider = await createOrganisation(db, { verified: true });
    await expectAppError(requestToJoinProposal(db, s.observer.admin.actor, args(s.observer)), "NOT_FOUND", "proposalNotFound");
    await expectAppError(requestToJoinProposal(db, elsewhere.admin.actor, args(elsewhere)), "NOT_FOUND", "proposalNotFound");
    await expectAppError(requestToJoinProposal(db, outsider.admin.actor, args(outsider)), "NOT_FOUND", "proposalNotFound");
    await expectAppError(requestToJoinProposal(db, null, args(s.firm)), "UNAUTHENTICATED");
    const colleague = await addMember(db, s.firm, "member");
    await expectAppError(requestToJoinProposal(db, colleague.actor, args(s.firm)), "FORBIDDEN");
    // Acting for someone else's organisation: they may not even know it.
    await expectAppError(requestToJoinProposal(db, s.university.admin.actor, args(s.firm)), "NOT_FOUND", "organisationNotFound");
    const missing = await expectAppError(requestToJoinProposal(db, s.firm.admin.actor, { ...args(s.firm), message: "" }), "VALIDATION");
    expect(missing.fieldErrors?.message).toEqual(["required"]);
    setClock(AFTER_SUBMISSION);
    await expectAppError(requestToJoinProposal(db, s.firm.admin.actor, args(s.firm)), "INVALID_STATE", "partnerCallNotOpen");
  });

  it("only the lead's admins decide requests", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await lookFor(s, id, ["university"]);
    await requestToJoinProposal(db, s.university.admin.actor, { proposalId: id, organisationId: s.university.organisationId, message: "Noi", contribution: "" });
    const args = { proposalId: id, organisationId: s.university.organisationId, decision: "accept" };
    const colleague = await addMember(db, s.lead, "member");
    await expectAppError(decidePartnerRequest(db, null, args), "UNAUTHENTICATED");
    await expectAppError(decidePartnerRequest(db, colleague.actor, args), "FORBIDDEN");
    // Asking to join does not open the draft to the requester: it is "not found" to them.
    await expectAppError(decidePartnerRequest(db, s.university.admin.actor, args), "NOT_FOUND");
    await expectAppError(decidePartnerRequest(db, s.firm.admin.actor, args), "NOT_FOUND");
    await expectAppError(decidePartnerRequest(db, s.coalition.promoter.admin.actor, args), "NOT_FOUND");
    await expectAppError(decidePartnerRequest(db, s.lead.admin.actor, { ...args, organisationId: s.firm.organisationId }), "NOT_FOUND", "partnerNotFound");
    expect(await partnerStatus(id, s.university.organisationId)).toBe("requested");
  });
});

describe("removePartner", () => {
  it("removes an accepted partner with its budget lines; the lead stays", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await invite(s, id, s.firm);
    await respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" });
    await saveBudgetPart(db, s.firm.admin.actor, {
      proposalId: id,
      version: (await proposalRow(id)).version,
      organisationId: s.firm.organisationId,
      lines: [{ category: "services", description: "Integrazione", amount: "50.000" }],
      cofinancing: "10.000",
    });
    const args = { proposalId: id, organisationId: s.firm.organisationId };
    await expectAppError(removePartner(db, null, args), "UNAUTHENTICATED");
    await expectAppError(removePartner(db, s.firm.admin.actor, args), "FORBIDDEN");
    await expectAppError(removePartner(db, s.university.admin.actor, args), "NOT_FOUND");
    await expectAppError(removePartner(db, s.lead.admin.actor, { proposalId: id, organisationId: s.lead.organisationId }), "INVALID_STATE", "partnerLeadCannotBeRemoved");

    await removePartner(db, s.lead.admin.actor, args);
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("removed");
    expect(await db.select().from(proposalBudgetLines).where(eq(proposalBudgetLines.proposalId, id))).toEqual([]);
    const [row] = await db.select().from(proposalPartners).where(and(eq(proposalPartners.proposalId, id), eq(proposalPartners.organisationId, s.firm.organisationId)));
    expect(row.cofinancingCents).toBe(0);
    await expectAppError(removePartner(db, s.lead.admin.actor, args), "INVALID_STATE", "partnerNotLive");
    // The removed firm no longer sees the draft.
    await expectAppError(
      respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" }),
      "NOT_FOUND",
    );
    expect((await auditActionsFor(db, id)).at(-1)).toBe("proposal.partner_removed");
  });

  it("an editor with a stale version is told to reload after a partnership change", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    const { version } = await lookFor(s, id, ["firm"]);
    await requestToJoinProposal(db, s.firm.admin.actor, { proposalId: id, organisationId: s.firm.organisationId, message: "Noi", contribution: "" });
    await expectAppError(lookFor(s, id, ["firm"], { version }), "CONFLICT", "proposalStale");
  });
});

describe("listProposalsLookingForPartners", () => {
  it("shows members a card of drafts looking for partners, never budget or private fields, filtered", async () => {
    const s = await createScenario(db);
    const looking = await newDraft(db, s);
    await lookFor(s, looking, ["university", "research_centre"]);
    const quiet = await newDraft(db, s);
    await invite(s, looking, s.firm);
    await respondToPartnerInvitation(db, s.firm.admin.actor, { proposalId: looking, organisationId: s.firm.organisationId, decision: "accept" });

    const { cards, organisations } = await listProposalsLookingForPartners(db, s.university.admin.actor, s.callId, {});
    expect(cards.map((c) => c.id)).toEqual([looking]);
    expect(cards[0]).toEqual({
      id: looking,
      title: "Marketplace B2B",
      summary: "Un marketplace per il distretto",
      solutionType: "marketplace",
      sectors: ["services"],
      lookingForKinds: ["university", "research_centre"],
      leadName: s.lead.input.legalName,
      acceptedPartners: 2,
      myStatuses: [],
    });
    expect(JSON.stringify(cards)).not.toMatch(/riservat|12345600|requested/i);
    expect(cards.map((c) => c.id)).not.toContain(quiet);
    expect(organisations).toEqual([{ id: s.university.organisationId, legalName: s.university.input.legalName }]);

    const filtered = (f: Record<string, string>) => listProposalsLookingForPartners(db, s.university.admin.actor, s.callId, f).then((r) => r.cards.length);
    expect(await filtered({ theme: "marketplace", sector: "services", kind: "university" })).toBe(1);
    expect(await filtered({ theme: "erp" })).toBe(0);
    expect(await filtered({ sector: "agrifood" })).toBe(0);
    expect(await filtered({ kind: "firm" })).toBe(0);
  });

  it("lists the cards 50 a page: each once across pages both ways, filtered in SQL; another call's left out; hostile cursors give the first page", async () => {
    const s = await createScenario(db);
    const drafts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await newDraft(db, s);
      await lookFor(s, id, ["university"]);
      drafts.push(id);
    }
    const firmWanted = await newDraft(db, s);
    await lookFor(s, firmWanted, ["firm"]);
    const other = await createScenario(db);
    const elsewhere = await newDraft(db, other);
    const read = (filters: Record<string, string>, start?: string, direction?: "next" | "previous") =>
      walkPages((cursors) => listProposalsLookingForPartners(db, s.university.admin.actor, s.callId, filters, { ...cursors, size: 2 }), direction, start);

    const pages = await read({ kind: "university" });
    const ids = pages.flatMap((p) => p.cards.map((c) => c.id));
    expect([...ids].sort()).toEqual([...drafts].sort());
    expect(ids).not.toContain(firmWanted);
    expect(ids).not.toContain(elsewhere);
    expect(pages.map((p) => [p.total, p.from, p.to])).toEqual([
      [5, 1, 2],
      [5, 3, 4],
      [5, 5, 5],
    ]);
    const back = await read({ kind: "university" }, pages[2].previous, "previous");
    expect(back.reverse().flatMap((p) => p.cards.map((c) => c.id))).toEqual(ids.slice(0, 4));
    // Without the filter, the firm's card too (the test clock is frozen: same time, ordered by id).
    const all = (await read({})).flatMap((p) => p.cards.map((c) => c.id));
    expect([...all].sort()).toEqual([...drafts, firmWanted].sort());

    const first = await listProposalsLookingForPartners(db, s.university.admin.actor, s.callId, {}, { size: 2 });
    for (const token of HOSTILE_TOKENS) {
      const page = await listProposalsLookingForPartners(db, s.university.admin.actor, s.callId, {}, { after: decodeKeyCursor(token, "number"), size: 2 });
      expect(page.cards.map((c) => c.id)).toEqual(first.cards.map((c) => c.id));
    }
  });

  it("shows nothing to visitors, outsiders, members of another coalition, observers, or after the call closes", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await lookFor(s, id, ["university"]);
    const other = await createTestCoalition(db);
    const elsewhere = await admitTestMember(db, other);
    const stranger = await createUser(db);
    for (const viewer of [null, stranger.actor, elsewhere.admin.actor, other.promoter.admin.actor, s.observer.admin.actor]) {
      expect(await listProposalsLookingForPartners(db, viewer, s.callId, {})).toMatchObject({ cards: [], organisations: [], total: 0 });
    }
    setClock(AFTER_SUBMISSION);
    expect((await listProposalsLookingForPartners(db, s.firm.admin.actor, s.callId, {})).cards).toEqual([]);
  });
});

describe("representatives", () => {
  it("a member the admin named asks to join and answers invitations; inviting and deciding stay with the lead's admins", async () => {
    const s = await createScenario(db);
    const id = await newDraft(db, s);
    await lookFor(s, id, ["firm"]);
    const firmRep = await addMember(db, s.firm, "member");
    const join = { proposalId: id, organisationId: s.firm.organisationId, message: "Sviluppiamo noi", contribution: "Sviluppo" };
    await expectAppError(requestToJoinProposal(db, firmRep.actor, join), "FORBIDDEN", "notRepresentative");
    expect((await listProposalsLookingForPartners(db, firmRep.actor, s.callId)).organisations).toEqual([]);

    await setRepresentative(db, s.firm.admin.actor, { organisationId: s.firm.organisationId, userId: firmRep.actor.userId, isRepresentative: true });
    expect((await listProposalsLookingForPartners(db, firmRep.actor, s.callId)).organisations.map((o) => o.id)).toEqual([s.firm.organisationId]);
    await requestToJoinProposal(db, firmRep.actor, join);
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("requested");
    expect((await listMyPartnerships(db, firmRep.actor)).map((r) => r.status)).toEqual(["requested"]);

    await invite(s, id, s.university);
    const uniRep = await addMember(db, s.university, "member");
    const answer = { proposalId: id, organisationId: s.university.organisationId, decision: "accept" };
    await expectAppError(respondToPartnerInvitation(db, uniRep.actor, answer), "FORBIDDEN");
    await setRepresentative(db, s.university.admin.actor, { organisationId: s.university.organisationId, userId: uniRep.actor.userId, isRepresentative: true });
    await respondToPartnerInvitation(db, uniRep.actor, answer);
    expect(await partnerStatus(id, s.university.organisationId)).toBe("accepted");

    // Representing the lead is not administering it: invitations and decisions are the admins'.
    const leadRep = await addMember(db, s.lead, "member", { representative: true });
    await expectAppError(decidePartnerRequest(db, leadRep.actor, { proposalId: id, organisationId: s.firm.organisationId, decision: "accept" }), "FORBIDDEN");
    await expectAppError(invitePartner(db, leadRep.actor, { proposalId: id, organisationId: s.coalition.promoter.organisationId, roleDescription: "Ente" }), "FORBIDDEN");
    expect(await partnerStatus(id, s.firm.organisationId)).toBe("requested");
  });
});
