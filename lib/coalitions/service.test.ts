import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { coalitionJoinRequests, coalitionMembers } from "@/db/schema";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition, IVREA, type TestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { setRepresentative } from "@/lib/organisations/service";
import { addMember, createOrganisation, createPlatformAdmin, createUser } from "@/test/factories";
import { getViewerContext, listCoalitionMembers, listMyCoalitionDealings, listPendingJoinRequests, searchInvitableOrganisations } from "./queries";
import {
  createCoalition,
  decideJoinRequest,
  inviteOrganisationToCoalition,
  leaveCoalition,
  removeCoalitionMember,
  requestToJoinCoalition,
  respondToCoalitionInvitation,
  setCoalitionMember,
} from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function membership(coalitionId: string, organisationId: string) {
  const [row] = await db
    .select({ role: coalitionMembers.role, weight: coalitionMembers.weight })
    .from(coalitionMembers)
    .where(and(eq(coalitionMembers.coalitionId, coalitionId), eq(coalitionMembers.organisationId, organisationId)));
  return row ?? null;
}

describe("createCoalition", () => {
  it("makes the verified public body its promoter, with a readable slug and an audit entry", async () => {
    const c = await createTestCoalition(db);
    expect(c.slug).toMatch(/^patto-di-prova-\d+$/);
    expect(await membership(c.coalitionId, c.promoter.organisationId)).toEqual({ role: "promoter", weight: 1 });
    expect(await auditActionsFor(db, c.coalitionId)).toContain("coalition.created");
  });

  it("gives a second coalition with the same name another slug", async () => {
    const c = await createTestCoalition(db);
    const name = `Patto omonimo ${Date.now()}`;
    const first = await createCoalition(db, c.promoter.admin.actor, { promoterOrganisationId: c.promoter.organisationId, name, description: "", territory: [IVREA] });
    const second = await createCoalition(db, c.promoter.admin.actor, { promoterOrganisationId: c.promoter.organisationId, name, description: "", territory: [IVREA] });
    expect(second.slug).toBe(`${first.slug}-2`);
  });

  it("refuses a firm, an unverified public body, a stranger, a signed-out caller and an unknown municipality", async () => {
    const firm = await createOrganisation(db, { verified: true });
    const base = { name: "Patto", description: "", territory: [IVREA] };
    await expectAppError(createCoalition(db, firm.admin.actor, { ...base, promoterOrganisationId: firm.organisationId }), "FORBIDDEN", "promoterMustBeVerifiedPublicBody");

    const pendingBody = await createOrganisation(db, { input: { kind: "public_body", codiceIpa: "c_x123", atecoCode: "", sizeClass: "" } });
    await expectAppError(
      createCoalition(db, pendingBody.admin.actor, { ...base, promoterOrganisationId: pendingBody.organisationId }),
      "FORBIDDEN",
      "promoterMustBeVerifiedPublicBody",
    );

    const c = await createTestCoalition(db);
    const stranger = await createUser(db);
    await expectAppError(createCoalition(db, stranger.actor, { ...base, promoterOrganisationId: c.promoter.organisationId }), "NOT_FOUND");
    await expectAppError(createCoalition(db, null, { ...base, promoterOrganisationId: c.promoter.organisationId }), "UNAUTHENTICATED");
    const bad = await expectAppError(
      createCoalition(db, c.promoter.admin.actor, { ...base, territory: ["999999"], promoterOrganisationId: c.promoter.organisationId }),
      "VALIDATION",
    );
    expect(bad.fieldErrors?.territory).toEqual(["municipalityUnknown"]);
    const empty = await expectAppError(
      createCoalition(db, c.promoter.admin.actor, { ...base, name: "", territory: [], promoterOrganisationId: c.promoter.organisationId }),
      "VALIDATION",
    );
    expect(Object.keys(empty.fieldErrors ?? {}).sort()).toEqual(["name", "territory"]);
  });

  it("lets a platform admin create one for a verified public body", async () => {
    const c = await createTestCoalition(db);
    const admin = await createPlatformAdmin(db);
    const made = await createCoalition(db, admin.actor, { promoterOrganisationId: c.promoter.organisationId, name: "Patto della piattaforma", description: "", territory: [IVREA] });
    expect(made.coalitionId).toBeTruthy();
  });
});

describe("admission", () => {
  let c: TestCoalition;
  beforeAll(async () => {
    c = await createTestCoalition(db);
  });

  it("a request to join, accepted by a promoter, admits with the role and weight given", async () => {
    const org = await createOrganisation(db, { verified: true });
    const { requestId } = await requestToJoinCoalition(db, org.admin.actor, { coalitionId: c.coalitionId, organisationId: org.organisationId, motivation: "Siamo del distretto" });
    expect((await listPendingJoinRequests(db, c.promoter.admin.actor, c.coalitionId, "request")).requests.map((r) => r.id)).toContain(requestId);
    await expectAppError(
      requestToJoinCoalition(db, org.admin.actor, { coalitionId: c.coalitionId, organisationId: org.organisationId, motivation: "di nuovo" }),
      "CONFLICT",
      "joinRequestPending",
    );
    await decideJoinRequest(db, c.promoter.admin.actor, { requestId, decision: "accept", role: "member", weight: 2 });
    expect(await membership(c.coalitionId, org.organisationId)).toEqual({ role: "member", weight: 2 });
    await expectAppError(decideJoinRequest(db, c.promoter.admin.actor, { requestId, decision: "accept", role: "member", weight: 2 }), "INVALID_STATE");
    await expectAppError(
      requestToJoinCoalition(db, org.admin.actor, { coalitionId: c.coalitionId, organisationId: org.organisationId, motivation: "ancora" }),
      "CONFLICT",
      "alreadyCoalitionMember",
    );
    expect(await auditActionsFor(db, c.coalitionId)).toEqual(expect.arrayContaining(["coalition.join_requested", "coalition.member_admitted"]));
  });

  it("a declined request records the reason and admits nobody", async () => {
    const org = await createOrganisation(db, { verified: true });
    const { requestId } = await requestToJoinCoalition(db, org.admin.actor, { coalitionId: c.coalitionId, organisationId: org.organisationId, motivation: "Per favore" });
    const noReason = await expectAppError(decideJoinRequest(db, c.promoter.admin.actor, { requestId, decision: "decline", reason: "" }), "VALIDATION");
    expect(noReason.fieldErrors?.reason).toEqual(["required"]);
    await decideJoinRequest(db, c.promoter.admin.actor, { requestId, decision: "decline", reason: "Fuori dal territorio" });
    const [row] = await db.select().from(coalitionJoinRequests).where(eq(coalitionJoinRequests.id, requestId));
    expect(row.status).toBe("declined");
    expect(row.decisionReason).toBe("Fuori dal territorio");
    expect(await membership(c.coalitionId, org.organisationId)).toBeNull();
  });

  it("an invitation is accepted by the invited organisation's admin only", async () => {
    const org = await createOrganisation(db, { verified: true });
    const { requestId } = await inviteOrganisationToCoalition(db, c.promoter.admin.actor, {
      coalitionId: c.coalitionId,
      organisationId: org.organisationId,
      role: "observer",
      weight: 1,
    });
    const other = await createOrganisation(db, { verified: true });
    await expectAppError(respondToCoalitionInvitation(db, other.admin.actor, { requestId, decision: "accept" }), "NOT_FOUND");
    await expectAppError(respondToCoalitionInvitation(db, c.promoter.admin.actor, { requestId, decision: "accept" }), "NOT_FOUND");
    await respondToCoalitionInvitation(db, org.admin.actor, { requestId, decision: "accept" });
    expect(await membership(c.coalitionId, org.organisationId)).toEqual({ role: "observer", weight: 1 });
  });

  it("only verified organisations can be invited or ask to join", async () => {
    const pending = await createOrganisation(db);
    await expectAppError(
      inviteOrganisationToCoalition(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: pending.organisationId, role: "member", weight: 1 }),
      "INVALID_STATE",
      "organisationNotVerified",
    );
    await expectAppError(
      requestToJoinCoalition(db, pending.admin.actor, { coalitionId: c.coalitionId, organisationId: pending.organisationId, motivation: "x" }),
      "INVALID_STATE",
      "organisationNotVerified",
    );
  });

  it("the invite search lists verified non-members to promoters only", async () => {
    const org = await createOrganisation(db, { verified: true, input: { legalName: `Cercabile ${Date.now()} S.r.l.` } });
    const found = await searchInvitableOrganisations(db, c.promoter.admin.actor, c.coalitionId, "Cercabile");
    expect(found.map((f) => f.id)).toContain(org.organisationId);
    expect(await searchInvitableOrganisations(db, org.admin.actor, c.coalitionId, "Cercabile")).toEqual([]);
  });
});

describe("who may change a coalition", () => {
  it("refuses members, observers, signed-out callers and promoters of another coalition, for every promoter action", async () => {
    const c = await createTestCoalition(db);
    const other = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    const observer = await admitTestMember(db, c, { role: "observer" });
    const candidate = await createOrganisation(db, { verified: true });
    const { requestId } = await requestToJoinCoalition(db, candidate.admin.actor, { coalitionId: c.coalitionId, organisationId: candidate.organisationId, motivation: "x" });

    const actions = [
      (actor: Parameters<typeof setCoalitionMember>[1]) =>
        inviteOrganisationToCoalition(db, actor, { coalitionId: c.coalitionId, organisationId: candidate.organisationId, role: "member", weight: 1 }),
      (actor: Parameters<typeof setCoalitionMember>[1]) => decideJoinRequest(db, actor, { requestId, decision: "accept", role: "member", weight: 1 }),
      (actor: Parameters<typeof setCoalitionMember>[1]) => setCoalitionMember(db, actor, { coalitionId: c.coalitionId, organisationId: member.organisationId, role: "member", weight: 5 }),
      (actor: Parameters<typeof setCoalitionMember>[1]) => removeCoalitionMember(db, actor, { coalitionId: c.coalitionId, organisationId: member.organisationId, reason: "x" }),
    ];
    for (const action of actions) {
      await expectAppError(action(null), "UNAUTHENTICATED");
      await expectAppError(action(member.admin.actor), "FORBIDDEN");
      await expectAppError(action(observer.admin.actor), "FORBIDDEN");
      await expectAppError(action(other.promoter.admin.actor), "FORBIDDEN");
    }
    expect(await membership(c.coalitionId, member.organisationId)).toEqual({ role: "member", weight: 1 });
    expect(await membership(c.coalitionId, candidate.organisationId)).toBeNull();
  });
});

describe("roles, weights and removal", () => {
  it("sets role and weight with before/after in the audit, and refuses a weight that is not a positive integer", async () => {
    const c = await createTestCoalition(db);
    const member = await admitTestMember(db, c);
    await setCoalitionMember(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: member.organisationId, role: "promoter", weight: 3 });
    expect(await membership(c.coalitionId, member.organisationId)).toEqual({ role: "promoter", weight: 3 });
    for (const weight of [0, -1, 1.5, "tre"]) {
      const e = await expectAppError(
        setCoalitionMember(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: member.organisationId, role: "member", weight }),
        "VALIDATION",
      );
      expect(e.fieldErrors?.weight).toEqual(["weightInvalid"]);
    }
    expect(await auditActionsFor(db, c.coalitionId)).toContain("coalition.member_changed");
  });

  it("always keeps at least one promoter", async () => {
    const c = await createTestCoalition(db);
    const args = { coalitionId: c.coalitionId, organisationId: c.promoter.organisationId };
    await expectAppError(setCoalitionMember(db, c.promoter.admin.actor, { ...args, role: "member", weight: 1 }), "INVALID_STATE", "lastPromoter");
    await expectAppError(removeCoalitionMember(db, c.promoter.admin.actor, { ...args, reason: "basta" }), "INVALID_STATE", "lastPromoter");
    await expectAppError(leaveCoalition(db, c.promoter.admin.actor, args), "INVALID_STATE", "lastPromoter");
    expect(await membership(c.coalitionId, c.promoter.organisationId)).toEqual({ role: "promoter", weight: 1 });
  });

  it("removes a member with a reason, and a member's admin can leave", async () => {
    const c = await createTestCoalition(db);
    const removed = await admitTestMember(db, c);
    const leaving = await admitTestMember(db, c);
    const noReason = await expectAppError(
      removeCoalitionMember(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: removed.organisationId, reason: " " }),
      "VALIDATION",
    );
    expect(noReason.fieldErrors?.reason).toEqual(["required"]);
    await removeCoalitionMember(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: removed.organisationId, reason: "Inattiva da due anni" });
    await expectAppError(leaveCoalition(db, removed.admin.actor, { coalitionId: c.coalitionId, organisationId: leaving.organisationId }), "NOT_FOUND");
    await leaveCoalition(db, leaving.admin.actor, { coalitionId: c.coalitionId, organisationId: leaving.organisationId });
    const left = (await listCoalitionMembers(db, c.coalitionId)).map((m) => m.organisationId);
    expect(left).toEqual([c.promoter.organisationId]);
    expect(await auditActionsFor(db, c.coalitionId)).toEqual(expect.arrayContaining(["coalition.member_removed", "coalition.member_left"]));
  });
});

describe("representatives act for their organisation in coalitions", () => {
  it("a plain member neither asks to join nor answers an invitation; once named they do; leaving stays with admins", async () => {
    const c = await createTestCoalition(db);
    const org = await createOrganisation(db, { verified: true });
    const plain = await addMember(db, org, "member");
    const join = { coalitionId: c.coalitionId, organisationId: org.organisationId, motivation: "Siamo del distretto" };
    await expectAppError(requestToJoinCoalition(db, plain.actor, join), "FORBIDDEN", "notRepresentative");
    expect((await listMyCoalitionDealings(db, plain.actor)).requests).toEqual([]);

    await setRepresentative(db, org.admin.actor, { organisationId: org.organisationId, userId: plain.actor.userId, isRepresentative: true });
    const { requestId } = await requestToJoinCoalition(db, plain.actor, join);
    await decideJoinRequest(db, c.promoter.admin.actor, { requestId, decision: "decline", reason: "Prima completate il profilo" });

    const invited = await createOrganisation(db, { verified: true });
    const invitedPlain = await addMember(db, invited, "member");
    const invitation = await inviteOrganisationToCoalition(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, organisationId: invited.organisationId, role: "member", weight: 1 });
    await expectAppError(respondToCoalitionInvitation(db, invitedPlain.actor, { requestId: invitation.requestId, decision: "accept" }), "FORBIDDEN", "notRepresentative");
    expect(await membership(c.coalitionId, invited.organisationId)).toBeNull();
    await setRepresentative(db, invited.admin.actor, { organisationId: invited.organisationId, userId: invitedPlain.actor.userId, isRepresentative: true });
    expect((await listMyCoalitionDealings(db, invitedPlain.actor)).requests.map((r) => r.id)).toEqual([invitation.requestId]);
    await respondToCoalitionInvitation(db, invitedPlain.actor, { requestId: invitation.requestId, decision: "accept" });
    expect(await membership(c.coalitionId, invited.organisationId)).toEqual({ role: "member", weight: 1 });

    // A named representative sees the membership but may not take the organisation out.
    expect((await listMyCoalitionDealings(db, invitedPlain.actor)).memberships).toEqual([expect.objectContaining({ organisationId: invited.organisationId, canLeave: false })]);
    await expectAppError(leaveCoalition(db, invitedPlain.actor, { coalitionId: c.coalitionId, organisationId: invited.organisationId }), "FORBIDDEN");
  });

  it("a plain member of the promoter organisation does not run the coalition; named, they do", async () => {
    const c = await createTestCoalition(db);
    const target = await admitTestMember(db, c);
    const plain = await addMember(db, c.promoter, "member");
    const weight = { coalitionId: c.coalitionId, organisationId: target.organisationId, role: "member", weight: 3 };
    expect(await getViewerContext(db, plain.actor, c.coalitionId)).toEqual({ isPromoter: false, memberOrganisationIds: [c.promoter.organisationId] });
    await expectAppError(setCoalitionMember(db, plain.actor, weight), "FORBIDDEN");
    await expectAppError(removeCoalitionMember(db, plain.actor, { coalitionId: c.coalitionId, organisationId: target.organisationId, reason: "Prova" }), "FORBIDDEN");
    const outsider = await createOrganisation(db, { verified: true });
    await expectAppError(
      inviteOrganisationToCoalition(db, plain.actor, { coalitionId: c.coalitionId, organisationId: outsider.organisationId, role: "member", weight: 1 }),
      "FORBIDDEN",
    );
    expect((await listPendingJoinRequests(db, plain.actor, c.coalitionId, "invitation")).requests).toEqual([]);
    expect(await membership(c.coalitionId, target.organisationId)).toEqual({ role: "member", weight: 1 });

    await setRepresentative(db, c.promoter.admin.actor, { organisationId: c.promoter.organisationId, userId: plain.actor.userId, isRepresentative: true });
    expect((await getViewerContext(db, plain.actor, c.coalitionId)).isPromoter).toBe(true);
    await setCoalitionMember(db, plain.actor, weight);
    expect(await membership(c.coalitionId, target.organisationId)).toEqual({ role: "member", weight: 3 });
  });

  it("only a representative of a verified public body creates a coalition for it", async () => {
    const body = await createOrganisation(db, {
      verified: true,
      input: { kind: "public_body", codiceIpa: `c_${Math.floor(Math.random() * 1e6)}`, atecoCode: "", sizeClass: "" },
    });
    const plain = await addMember(db, body, "member");
    const input = { promoterOrganisationId: body.organisationId, name: "Patto dei rappresentanti", description: "", territory: [IVREA] };
    await expectAppError(createCoalition(db, plain.actor, input), "FORBIDDEN", "notRepresentative");
    await setRepresentative(db, body.admin.actor, { organisationId: body.organisationId, userId: plain.actor.userId, isRepresentative: true });
    const { coalitionId } = await createCoalition(db, plain.actor, input);
    expect(await membership(coalitionId, body.organisationId)).toEqual({ role: "promoter", weight: 1 });
  });
});
