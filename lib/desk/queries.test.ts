import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { inviteOrganisationToCoalition } from "@/lib/coalitions/service";
import { invitePartner, requestToJoinProposal } from "@/lib/proposals/partnerships";
import { castBallot } from "@/lib/voting/service";
import { listTurnoutByOrganisation } from "@/lib/voting/queries";
import { getTurnout } from "@/lib/voting/service";
import { testDb } from "@/test/db";
import { addMember, createOrganisation, createPlatformAdmin, createUser } from "@/test/factories";
import { AFTER_SUBMISSION, createScenario, newDraft } from "@/test/proposals";
import { AFTER_VOTING, BEFORE_VOTING, createVotingScenario, VOTING } from "@/test/voting";
import { countWaiting, getDesk } from "./queries";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("getDesk", () => {
  it("shows invitations, join requests and drafts only to those who may act on them", async () => {
    const s = await createScenario(db);
    const proposalId = await newDraft(db, s);
    await invitePartner(db, s.lead.admin.actor, { proposalId, organisationId: s.university.organisationId, roleDescription: "Ricerca" });
    // Only a draft that looks for partners can be asked to join (the partner-search card).
    await db.update(proposals).set({ lookingForKinds: ["firm"] }).where(eq(proposals.id, proposalId));
    await requestToJoinProposal(db, s.firm.admin.actor, { proposalId, organisationId: s.firm.organisationId, message: "Vorremmo partecipare", contribution: "" });
    const outsider = await createOrganisation(db, { verified: true });
    await inviteOrganisationToCoalition(db, s.coalition.promoter.admin.actor, {
      coalitionId: s.coalition.coalitionId,
      organisationId: outsider.organisationId,
      role: "member",
      weight: 1,
    });
    const leadMember = await addMember(db, s.lead);
    const universityRepresentative = await addMember(db, s.university, "member", { representative: true });
    const universityMember = await addMember(db, s.university);

    const lead = await getDesk(db, s.lead.admin.actor);
    expect(lead.drafts.items.map((d) => d.proposalId)).toContain(proposalId);
    expect(lead.drafts.items.find((d) => d.proposalId === proposalId)?.submissionClosesAt).toEqual(new Date("2026-02-15T17:00:00Z"));
    expect(lead.joinRequests.items).toEqual([expect.objectContaining({ proposalId, organisationId: s.firm.organisationId })]);
    expect(lead.partnerInvitations.items).toEqual([]);
    expect(countWaiting(lead).count).toBe(2);

    // A plain member of the lead neither edits the draft nor decides requests.
    const plain = await getDesk(db, leadMember.actor);
    expect(plain.drafts.items).toEqual([]);
    expect(plain.joinRequests.items).toEqual([]);
    expect(countWaiting(plain).count).toBe(0);

    // The invited university's admin and named representative answer; its plain member does not.
    for (const who of [s.university.admin, universityRepresentative]) {
      const desk = await getDesk(db, who.actor);
      expect(desk.partnerInvitations.items).toEqual([expect.objectContaining({ proposalId, organisationId: s.university.organisationId })]);
      expect(desk.drafts.items).toEqual([]);
    }
    expect((await getDesk(db, universityMember.actor)).partnerInvitations.items).toEqual([]);

    // The requesting firm waits; it has nothing to answer.
    const firm = await getDesk(db, s.firm.admin.actor);
    expect(firm.joinRequests.items).toEqual([]);
    expect(firm.partnerInvitations.items).toEqual([]);

    const invited = await getDesk(db, outsider.admin.actor);
    expect(invited.coalitionInvitations.items).toEqual([expect.objectContaining({ coalitionSlug: s.coalition.slug, role: "member" })]);
    expect((await getDesk(db, s.coalition.promoter.admin.actor)).coalitionInvitations.items).toEqual([]);
  });

  it("shows calls in review to the promoter's representatives only", async () => {
    const s = await createScenario(db);
    setClock(AFTER_SUBMISSION);
    const promoter = await getDesk(db, s.coalition.promoter.admin.actor);
    expect(promoter.reviews.items.map((r) => r.callId)).toContain(s.callId);
    const promoterMember = await addMember(db, s.coalition.promoter);
    expect((await getDesk(db, promoterMember.actor)).reviews.items).toEqual([]);
    expect((await getDesk(db, s.lead.admin.actor)).reviews.items).toEqual([]);
    // Once submissions close, the lead's drafts no longer wait on the desk.
    expect((await getDesk(db, s.lead.admin.actor)).drafts.items).toEqual([]);
  });

  it("shows an open vote to the representatives of voting members, with whether the organisation has voted; never to a plain member or an observer", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    const plainMember = await addMember(db, s.firm);
    const representative = await addMember(db, s.firm, "member", { representative: true });

    const before = await getDesk(db, s.firm.admin.actor);
    expect(before.votes.items).toEqual([expect.objectContaining({ callId: s.callId, organisationId: s.firm.organisationId, hasVoted: false })]);
    expect(countWaiting(before).count).toBe(1);
    expect((await getDesk(db, representative.actor)).votes.items).toHaveLength(1);
    expect((await getDesk(db, plainMember.actor)).votes.items).toEqual([]);
    expect((await getDesk(db, s.observer.admin.actor)).votes.items).toEqual([]);

    await castBallot(db, s.firm.admin.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: 1 });
    const after = await getDesk(db, s.firm.admin.actor);
    expect(after.votes.items).toEqual([expect.objectContaining({ callId: s.callId, hasVoted: true })]);
    expect(countWaiting(after).count).toBe(0);
  });

  it("shows organisations awaiting verification to platform admins only", async () => {
    const pending = await createOrganisation(db);
    const admin = await createPlatformAdmin(db);
    const desk = await getDesk(db, admin.actor);
    // The shared test database may hold older pending organisations: the list is bounded.
    expect(desk.pendingOrganisations.items.length).toBeGreaterThan(0);
    if (!desk.pendingOrganisations.hasMore) expect(desk.pendingOrganisations.items.map((o) => o.id)).toContain(pending.organisationId);
    expect((await getDesk(db, pending.admin.actor)).pendingOrganisations.items).toEqual([]);
    expect((await getDesk(db, (await createUser(db)).actor)).pendingOrganisations.items).toEqual([]);
  });
});

describe("listTurnoutByOrganisation", () => {
  it("gives the promoter's representatives the votes to follow, open and then closed with results to publish (counted as waiting); nobody else", async () => {
    const s = await createVotingScenario(db);
    await s.proposal();
    const follows = async (who: { actor: Parameters<typeof getDesk>[1] }) => (await getDesk(db, who.actor)).votesToFollow.items.filter((v) => v.callId === s.callId);
    setClock(BEFORE_VOTING);
    expect(await follows(s.coalition.promoter.admin)).toEqual([]);
    setClock(VOTING);
    expect(await follows(s.coalition.promoter.admin)).toEqual([expect.objectContaining({ callId: s.callId, isOpen: true })]);
    const open = await getDesk(db, s.coalition.promoter.admin.actor);
    setClock(AFTER_VOTING);
    const closed = await getDesk(db, s.coalition.promoter.admin.actor);
    expect(closed.votesToFollow.items.filter((v) => v.callId === s.callId)).toEqual([expect.objectContaining({ isOpen: false })]);
    // A closed vote waits for its results: it counts on the badge; an open one is only followed.
    expect(countWaiting(closed).count - countWaiting({ ...closed, votesToFollow: { items: closed.votesToFollow.items.filter((v) => v.callId !== s.callId), hasMore: false } }).count).toBe(1);
    expect(countWaiting(open).count - countWaiting({ ...open, votesToFollow: { items: open.votesToFollow.items.filter((v) => v.callId !== s.callId), hasMore: false } }).count).toBe(0);
    // Not a plain member of the promoter, not a voting firm.
    const promoterMember = await addMember(db, s.coalition.promoter);
    expect(await follows(promoterMember)).toEqual([]);
    expect(await follows(s.firm.admin)).toEqual([]);
  });

  it("lists who has and has not voted for promoters, never how, and nothing for anyone else", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal();
    setClock(VOTING);
    await getTurnout(db, s.coalition.promoter.admin.actor, { callId: s.callId });
    await castBallot(db, s.firm.admin.actor, { callId: s.callId, proposalId: p, organisationId: s.firm.organisationId, value: -1 });

    const list = await listTurnoutByOrganisation(db, s.coalition.promoter.admin.actor, { callId: s.callId });
    expect(list).not.toBeNull();
    const byId = new Map(list!.rows.map((r) => [r.organisationId, r]));
    expect(byId.get(s.firm.organisationId)).toEqual({ organisationId: s.firm.organisationId, name: s.firm.input.legalName, hasVoted: true });
    expect(byId.get(s.university.organisationId)?.hasVoted).toBe(false);
    // Observers do not vote, so they are not in the list.
    expect(byId.has(s.observer.organisationId)).toBe(false);
    // Those still to vote come first.
    expect(list!.rows[0].hasVoted).toBe(false);
    expect(list!.notVoted).toBe(list!.total - 1);
    for (const row of list!.rows) expect(Object.keys(row).sort()).toEqual(["hasVoted", "name", "organisationId"]);
    expect(JSON.stringify(list)).not.toMatch(/"value"/);

    expect(await listTurnoutByOrganisation(db, s.firm.admin.actor, { callId: s.callId })).toBeNull();
    const promoterMember = await addMember(db, s.coalition.promoter);
    expect(await listTurnoutByOrganisation(db, promoterMember.actor, { callId: s.callId })).toBeNull();
  });
});
