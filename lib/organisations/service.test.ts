import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, organisationInvitations, organisationMembers, organisations } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import {
  addMember,
  createOrganisation as createTestOrganisation,
  createPlatformAdmin,
  createUser,
  invalidPartitaIva,
  organisationInput,
  randomEmail,
  randomPartitaIva,
  randomUUID,
  type TestUser,
} from "@/test/factories";
import { INVITATION_TTL_MS } from "./policy";
import {
  acceptInvitation,
  changeMemberRole,
  createOrganisation,
  inviteMember,
  rejectOrganisation,
  removeMember,
  setRepresentative,
  verifyOrganisation,
} from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** Rows a person's attempt could have written: organisations they created, their memberships, their audit entries. */
async function footprint(user: TestUser) {
  const [orgs] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations).where(eq(organisations.createdBy, user.actor.userId));
  const [members] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(organisationMembers)
    .where(eq(organisationMembers.userId, user.actor.userId));
  const [audit] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(eq(auditEntries.actorUserId, user.actor.userId));
  return { orgs: Number(orgs.n), members: Number(members.n), audit: Number(audit.n) };
}

async function roleOf(organisationId: string, userId: string) {
  const [row] = await db
    .select({ role: organisationMembers.role })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
  return row?.role ?? null;
}

describe("createOrganisation", () => {
  it("creates a pending organisation with its creator as admin, and records it", async () => {
    const user = await createUser(db);
    const input = organisationInput({ partitaIva: ` ${randomPartitaIva()} ` });
    const { organisationId } = await createOrganisation(db, user.actor, input);
    const [org] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
    expect(org).toMatchObject({
      kind: "firm",
      legalName: input.legalName,
      partitaIva: input.partitaIva.trim(),
      codiceFiscale: null,
      codiceIpa: null,
      atecoCode: "62.01.00",
      sizeClass: "small",
      municipalityCode: input.municipalityCode,
      status: "pending",
      createdBy: user.actor.userId,
    });
    expect(await roleOf(organisationId, user.actor.userId)).toBe("admin");
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, organisationId));
    expect(entry).toMatchObject({ action: "organisation.created", actorUserId: user.actor.userId, organisationId, entityType: "organisation" });
    expect(entry.data).toMatchObject({ legalName: input.legalName, partitaIva: input.partitaIva.trim() });
  });

  it("creates a public body with a lower-cased Codice IPA and a legal-entity Codice Fiscale", async () => {
    const user = await createUser(db);
    const cf = randomPartitaIva();
    const { organisationId } = await createOrganisation(
      db,
      user.actor,
      organisationInput({ kind: "public_body", partitaIva: "", codiceFiscale: cf, codiceIpa: "C_L219", atecoCode: "", sizeClass: "" }),
    );
    const [org] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
    expect(org).toMatchObject({ kind: "public_body", partitaIva: null, codiceFiscale: cf, codiceIpa: "c_l219", sizeClass: null, atecoCode: null });
  });

  it("refuses an invalid Partita IVA on its field and writes nothing", async () => {
    const user = await createUser(db);
    const before = await footprint(user);
    const error = await expectAppError(createOrganisation(db, user.actor, organisationInput({ partitaIva: invalidPartitaIva() })), "VALIDATION");
    expect(error.fieldErrors?.partitaIva).toEqual(["partitaIvaInvalid"]);
    expect(await footprint(user)).toEqual(before);
  });

  it("validates the rules of each kind, field by field", async () => {
    const user = await createUser(db);
    const firm = await expectAppError(
      createOrganisation(db, user.actor, organisationInput({ partitaIva: "", atecoCode: "", sizeClass: "" })),
      "VALIDATION",
    );
    expect(firm.fieldErrors).toMatchObject({ partitaIva: ["taxIdRequired"], atecoCode: ["atecoRequired"], sizeClass: ["sizeClassRequired"] });
    const publicBody = await expectAppError(
      createOrganisation(db, user.actor, organisationInput({ kind: "public_body", codiceIpa: "" })),
      "VALIDATION",
    );
    expect(publicBody.fieldErrors?.codiceIpa).toEqual(["codiceIpaRequired"]);
    const cf = await expectAppError(createOrganisation(db, user.actor, organisationInput({ codiceFiscale: "RSSMRA85T10A562T" })), "VALIDATION");
    expect(cf.fieldErrors?.codiceFiscale).toEqual(["codiceFiscaleInvalid"]);
    const place = await expectAppError(createOrganisation(db, user.actor, organisationInput({ municipalityCode: "999999" })), "VALIDATION");
    expect(place.fieldErrors?.municipalityCode).toEqual(["municipalityUnknown"]);
  });

  it("refuses a Partita IVA that is already registered with CONFLICT, and writes nothing", async () => {
    const first = await createTestOrganisation(db);
    const other = await createUser(db);
    const before = await footprint(other);
    const error = await expectAppError(
      createOrganisation(db, other.actor, organisationInput({ partitaIva: first.input.partitaIva })),
      "CONFLICT",
      "partitaIvaTaken",
    );
    expect(error.fieldErrors).toEqual({ partitaIva: ["partitaIvaTaken"] });
    expect(await footprint(other)).toEqual(before);
    const same = await db.select().from(organisations).where(eq(organisations.partitaIva, first.input.partitaIva));
    expect(same).toHaveLength(1);
  });

  it("refuses a Codice Fiscale that is already registered with CONFLICT", async () => {
    const cf = randomPartitaIva();
    await createTestOrganisation(db, { input: { codiceFiscale: cf } });
    const other = await createUser(db);
    const error = await expectAppError(
      createOrganisation(db, other.actor, organisationInput({ codiceFiscale: cf })),
      "CONFLICT",
      "codiceFiscaleTaken",
    );
    expect(error.fieldErrors).toEqual({ codiceFiscale: ["codiceFiscaleTaken"] });
  });

  it("refuses a signed-out visitor", async () => {
    const input = organisationInput();
    await expectAppError(createOrganisation(db, null, input), "UNAUTHENTICATED");
    expect(await db.select().from(organisations).where(eq(organisations.partitaIva, input.partitaIva))).toHaveLength(0);
  });
});

describe("verifyOrganisation / rejectOrganisation", () => {
  it("a platform admin verifies a pending organisation, once", async () => {
    const org = await createTestOrganisation(db);
    const platformAdmin = await createPlatformAdmin(db);
    await verifyOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId });
    const [row] = await db.select().from(organisations).where(eq(organisations.id, org.organisationId));
    expect(row.status).toBe("verified");
    expect(row.reviewedBy).toBe(platformAdmin.actor.userId);
    expect(row.reviewedAt).toBeInstanceOf(Date);
    expect(await auditActionsFor(db, org.organisationId)).toEqual(["organisation.created", "organisation.verified"]);
    await expectAppError(verifyOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId }), "INVALID_STATE");
    await expectAppError(rejectOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId, reason: "x" }), "INVALID_STATE");
  });

  it("a platform admin rejects with a reason", async () => {
    const org = await createTestOrganisation(db);
    const platformAdmin = await createPlatformAdmin(db);
    await expectAppError(rejectOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId, reason: " " }), "VALIDATION");
    await rejectOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId, reason: "Partita IVA cessata" });
    const [row] = await db.select().from(organisations).where(eq(organisations.id, org.organisationId));
    expect(row).toMatchObject({ status: "rejected", rejectionReason: "Partita IVA cessata", reviewedBy: platformAdmin.actor.userId });
    expect(await auditActionsFor(db, org.organisationId)).toEqual(["organisation.created", "organisation.rejected"]);
  });

  it("nobody else may review, not even the organisation's own admin", async () => {
    const org = await createTestOrganisation(db);
    const stranger = await createUser(db);
    for (const actor of [org.admin.actor, stranger.actor]) {
      await expectAppError(verifyOrganisation(db, actor, { organisationId: org.organisationId }), "FORBIDDEN");
      await expectAppError(rejectOrganisation(db, actor, { organisationId: org.organisationId, reason: "no" }), "FORBIDDEN");
    }
    await expectAppError(verifyOrganisation(db, null, { organisationId: org.organisationId }), "UNAUTHENTICATED");
    const [row] = await db.select().from(organisations).where(eq(organisations.id, org.organisationId));
    expect(row.status).toBe("pending");
    expect(await auditActionsFor(db, org.organisationId)).toEqual(["organisation.created"]);
  });

  it("an unknown organisation is NOT_FOUND", async () => {
    const platformAdmin = await createPlatformAdmin(db);
    await expectAppError(verifyOrganisation(db, platformAdmin.actor, { organisationId: randomUUID() }), "NOT_FOUND");
  });
});

describe("invitations", () => {
  it("an admin invites by e-mail; the invitation works once", async () => {
    const org = await createTestOrganisation(db);
    const invitee = await createUser(db);
    const { token, expiresAt } = await inviteMember(db, org.admin.actor, {
      organisationId: org.organisationId,
      email: invitee.actor.email.toUpperCase(),
      role: "member",
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + INVITATION_TTL_MS - 60_000);
    const [inv] = await db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, org.organisationId));
    expect(inv.tokenHash).not.toBe(token);
    expect(inv.email).toBe(invitee.actor.email);

    expect(await acceptInvitation(db, invitee.actor, { token })).toEqual({ organisationId: org.organisationId });
    expect(await roleOf(org.organisationId, invitee.actor.userId)).toBe("member");
    expect(await auditActionsFor(db, inv.id)).toEqual(["organisation.invitation_sent", "organisation.invitation_accepted"]);

    await expectAppError(acceptInvitation(db, invitee.actor, { token }), "INVALID_STATE", "invitation_accepted");
  });

  it("expires after seven days", async () => {
    const start = new Date();
    setClock(start);
    const org = await createTestOrganisation(db);
    const late = await createUser(db);
    const onTime = await createUser(db);
    const lateInvite = await inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: late.actor.email, role: "member" });
    const onTimeInvite = await inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: onTime.actor.email, role: "admin" });

    setClock(new Date(start.getTime() + INVITATION_TTL_MS - 60_000));
    await acceptInvitation(db, onTime.actor, { token: onTimeInvite.token });
    expect(await roleOf(org.organisationId, onTime.actor.userId)).toBe("admin");

    setClock(new Date(start.getTime() + INVITATION_TTL_MS + 1));
    await expectAppError(acceptInvitation(db, late.actor, { token: lateInvite.token }), "INVALID_STATE", "invitation_expired");
    expect(await roleOf(org.organisationId, late.actor.userId)).toBeNull();
  });

  it("only the invited e-mail may accept", async () => {
    const org = await createTestOrganisation(db);
    const intruder = await createUser(db);
    const { token } = await inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: randomEmail(), role: "admin" });
    await expectAppError(acceptInvitation(db, intruder.actor, { token }), "FORBIDDEN", "invitationOtherEmail");
    expect(await roleOf(org.organisationId, intruder.actor.userId)).toBeNull();
    await expectAppError(acceptInvitation(db, null, { token }), "UNAUTHENTICATED");
  });

  it("an intruder with the link learns nothing about a used invitation", async () => {
    const org = await createTestOrganisation(db);
    const invitee = await createUser(db);
    const intruder = await createUser(db);
    const { token } = await inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: invitee.actor.email, role: "member" });
    await acceptInvitation(db, invitee.actor, { token });
    await expectAppError(acceptInvitation(db, intruder.actor, { token }), "FORBIDDEN", "invitationOtherEmail");
  });

  it("an invitation to an organisation rejected meanwhile can no longer be accepted", async () => {
    const org = await createTestOrganisation(db);
    const invitee = await createUser(db);
    const { token } = await inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: invitee.actor.email, role: "member" });
    const platformAdmin = await createPlatformAdmin(db);
    await rejectOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId, reason: "Dati non veritieri" });
    await expectAppError(acceptInvitation(db, invitee.actor, { token }), "INVALID_STATE", "organisationRejected");
    expect(await roleOf(org.organisationId, invitee.actor.userId)).toBeNull();
  });

  it("refuses unknown and malformed tokens", async () => {
    const user = await createUser(db);
    await expectAppError(acceptInvitation(db, user.actor, { token: "A".repeat(43) }), "NOT_FOUND", "invitationInvalid");
    await expectAppError(acceptInvitation(db, user.actor, { token: "short" }), "VALIDATION");
  });

  it("only an admin of that organisation may invite", async () => {
    const org = await createTestOrganisation(db);
    const otherOrg = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    const input = { organisationId: org.organisationId, email: randomEmail(), role: "member" };
    // An admin elsewhere does not even learn that the organisation exists.
    await expectAppError(inviteMember(db, otherOrg.admin.actor, input), "NOT_FOUND", "organisationNotFound");
    await expectAppError(inviteMember(db, member.actor, input), "FORBIDDEN");
    await expectAppError(inviteMember(db, null, input), "UNAUTHENTICATED");
    const invitations = await db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, org.organisationId));
    expect(invitations).toHaveLength(1); // the member's own
  });

  it("refuses to invite someone who is already a member", async () => {
    const org = await createTestOrganisation(db);
    const error = await expectAppError(
      inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: org.admin.actor.email, role: "member" }),
      "CONFLICT",
      "alreadyMember",
    );
    expect(error.fieldErrors).toEqual({ email: ["alreadyMember"] });
  });
});

describe("changeMemberRole / removeMember", () => {
  it("an admin promotes and demotes members, and each change is recorded", async () => {
    const org = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    await changeMemberRole(db, org.admin.actor, { organisationId: org.organisationId, userId: member.actor.userId, role: "admin" });
    expect(await roleOf(org.organisationId, member.actor.userId)).toBe("admin");
    // With two admins, the first may step down.
    await changeMemberRole(db, org.admin.actor, { organisationId: org.organisationId, userId: org.admin.actor.userId, role: "member" });
    expect(await roleOf(org.organisationId, org.admin.actor.userId)).toBe("member");
    expect(await auditActionsFor(db, member.actor.userId)).toEqual(["user.signed_up", "organisation.member_role_changed"]);
    const [entry] = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.entityId, org.admin.actor.userId), eq(auditEntries.action, "organisation.member_role_changed")));
    expect(entry).toMatchObject({ organisationId: org.organisationId, actorUserId: org.admin.actor.userId, data: { before: "admin", after: "member" } });
  });

  it("the last admin can be neither demoted nor removed", async () => {
    const org = await createTestOrganisation(db);
    await addMember(db, org, "member");
    const ids = { organisationId: org.organisationId, userId: org.admin.actor.userId };
    await expectAppError(changeMemberRole(db, org.admin.actor, { ...ids, role: "member" }), "INVALID_STATE", "lastAdmin");
    await expectAppError(removeMember(db, org.admin.actor, ids), "INVALID_STATE", "lastAdmin");
    expect(await roleOf(org.organisationId, org.admin.actor.userId)).toBe("admin");
    expect(await auditActionsFor(db, org.admin.actor.userId)).toEqual(["user.signed_up"]);
  });

  it("an admin removes a member, which is recorded", async () => {
    const org = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    await removeMember(db, org.admin.actor, { organisationId: org.organisationId, userId: member.actor.userId });
    expect(await roleOf(org.organisationId, member.actor.userId)).toBeNull();
    expect(await auditActionsFor(db, member.actor.userId)).toEqual(["user.signed_up", "organisation.member_removed"]);
  });

  it("refuses a person who is a member of another organisation only", async () => {
    const org = await createTestOrganisation(db);
    const otherOrg = await createTestOrganisation(db);
    const outsider = await addMember(db, otherOrg, "member");
    const ids = { organisationId: org.organisationId, userId: outsider.actor.userId };
    await expectAppError(changeMemberRole(db, org.admin.actor, { ...ids, role: "admin" }), "NOT_FOUND", "memberNotFound");
    await expectAppError(removeMember(db, org.admin.actor, ids), "NOT_FOUND", "memberNotFound");
    expect(await roleOf(otherOrg.organisationId, outsider.actor.userId)).toBe("member");
  });

  it("only an admin of that organisation may change roles or remove people", async () => {
    const org = await createTestOrganisation(db);
    const otherOrg = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    const target = { organisationId: org.organisationId, userId: org.admin.actor.userId };
    await expectAppError(changeMemberRole(db, otherOrg.admin.actor, { ...target, role: "member" }), "NOT_FOUND", "organisationNotFound");
    await expectAppError(removeMember(db, otherOrg.admin.actor, target), "NOT_FOUND", "organisationNotFound");
    await expectAppError(changeMemberRole(db, member.actor, { organisationId: org.organisationId, userId: member.actor.userId, role: "admin" }), "FORBIDDEN");
    await expectAppError(removeMember(db, member.actor, target), "FORBIDDEN");
    await expectAppError(removeMember(db, null, target), "UNAUTHENTICATED");
    expect(await roleOf(org.organisationId, org.admin.actor.userId)).toBe("admin");
    expect(await roleOf(org.organisationId, member.actor.userId)).toBe("member");
  });
});

describe("setRepresentative", () => {
  async function representative(organisationId: string, userId: string) {
    const [row] = await db
      .select({ isRepresentative: organisationMembers.isRepresentative })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
    return row?.isRepresentative ?? null;
  }

  it("an admin names a member representative and takes it back, each change audited once", async () => {
    const org = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    const ids = { organisationId: org.organisationId, userId: member.actor.userId };
    expect(await representative(org.organisationId, member.actor.userId)).toBe(false);

    await setRepresentative(db, org.admin.actor, { ...ids, isRepresentative: true });
    expect(await representative(org.organisationId, member.actor.userId)).toBe(true);
    // Asking for what already holds changes nothing and records nothing.
    await setRepresentative(db, org.admin.actor, { ...ids, isRepresentative: true });
    await setRepresentative(db, org.admin.actor, { ...ids, isRepresentative: false });
    expect(await representative(org.organisationId, member.actor.userId)).toBe(false);

    const entries = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.entityId, member.actor.userId), eq(auditEntries.action, "organisation.representative_set")))
      .orderBy(auditEntries.seq);
    expect(entries.map((e) => ({ organisationId: e.organisationId, actorUserId: e.actorUserId, data: e.data }))).toEqual([
      { organisationId: org.organisationId, actorUserId: org.admin.actor.userId, data: { before: false, after: true } },
      { organisationId: org.organisationId, actorUserId: org.admin.actor.userId, data: { before: true, after: false } },
    ]);
  });

  it("only the organisation's admins name representatives: not a member, not a representative, not another admin", async () => {
    const org = await createTestOrganisation(db);
    const otherOrg = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    const named = await addMember(db, org, "member", { representative: true });
    const ids = { organisationId: org.organisationId, userId: member.actor.userId, isRepresentative: true };
    await expectAppError(setRepresentative(db, null, ids), "UNAUTHENTICATED");
    await expectAppError(setRepresentative(db, member.actor, ids), "FORBIDDEN");
    // Representing the organisation is not managing its people.
    await expectAppError(setRepresentative(db, named.actor, ids), "FORBIDDEN");
    await expectAppError(setRepresentative(db, otherOrg.admin.actor, ids), "NOT_FOUND", "organisationNotFound");
    expect(await representative(org.organisationId, member.actor.userId)).toBe(false);
    expect(await auditActionsFor(db, member.actor.userId)).toEqual(["user.signed_up"]);
  });

  it("admins always represent, so they are not named; people of other organisations are not found", async () => {
    const org = await createTestOrganisation(db);
    const coAdmin = await addMember(db, org, "admin");
    const outsider = await addMember(db, await createTestOrganisation(db), "member");
    const args = (userId: string) => ({ organisationId: org.organisationId, userId, isRepresentative: false });
    await expectAppError(setRepresentative(db, org.admin.actor, args(coAdmin.actor.userId)), "INVALID_STATE", "adminAlwaysRepresents");
    await expectAppError(setRepresentative(db, org.admin.actor, args(outsider.actor.userId)), "NOT_FOUND", "memberNotFound");
    const invalid = await expectAppError(setRepresentative(db, org.admin.actor, { organisationId: org.organisationId, userId: "x", isRepresentative: "yes" }), "VALIDATION");
    expect(Object.keys(invalid.fieldErrors ?? {}).sort()).toEqual(["isRepresentative", "userId"]);
  });
});
