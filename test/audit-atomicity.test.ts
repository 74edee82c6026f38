import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { organisationInvitations, organisationMembers, organisations, users } from "@/db/schema";
import { acceptInvitation, changeMemberRole, createOrganisation, inviteMember, rejectOrganisation, removeMember, verifyOrganisation } from "@/lib/organisations/service";
import { ensurePlatformAdmin, signUp } from "@/lib/users/service";
import { testDb } from "@/test/db";
import {
  addMember,
  createOrganisation as createTestOrganisation,
  createPlatformAdmin,
  createUser,
  organisationInput,
  randomEmail,
  TEST_PASSWORD,
} from "@/test/factories";

/**
 * DESIGN rule 9: every state change writes its audit entry in the same transaction.
 * Here the audit writer fails on demand; if the entry were written outside the
 * state change's transaction, the change would survive the failure.
 */
const audit = vi.hoisted(() => ({ failNext: false }));
vi.mock("@/lib/audit", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/audit")>();
  return {
    ...actual,
    record: async (...args: Parameters<typeof actual.record>) => {
      const head = await actual.record(...args);
      if (audit.failNext) {
        audit.failNext = false;
        throw new Error("audit store unavailable");
      }
      return head;
    },
  };
});

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterEach(() => {
  audit.failNext = false;
});

function failingAudit<T>(promise: () => Promise<T>) {
  audit.failNext = true;
  return expect(promise()).rejects.toThrow("audit store unavailable");
}

async function roleOf(organisationId: string, userId: string) {
  const [row] = await db
    .select({ role: organisationMembers.role })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
  return row?.role ?? null;
}

describe("a failing audit write undoes the state change", () => {
  it("signUp", async () => {
    const email = randomEmail();
    await failingAudit(() => signUp(db, { name: "Nobody", email, password: TEST_PASSWORD }));
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("ensurePlatformAdmin on an existing person", async () => {
    const user = await createUser(db);
    await failingAudit(() => ensurePlatformAdmin(db, { email: user.actor.email }));
    const [row] = await db.select().from(users).where(eq(users.id, user.actor.userId));
    expect(row.isPlatformAdmin).toBe(false);
  });

  it("createOrganisation", async () => {
    const user = await createUser(db);
    const input = organisationInput();
    await failingAudit(() => createOrganisation(db, user.actor, input));
    expect(await db.select().from(organisations).where(eq(organisations.partitaIva, input.partitaIva))).toHaveLength(0);
    expect(await db.select().from(organisationMembers).where(eq(organisationMembers.userId, user.actor.userId))).toHaveLength(0);
  });

  it("verifyOrganisation and rejectOrganisation", async () => {
    const org = await createTestOrganisation(db);
    const platformAdmin = await createPlatformAdmin(db);
    await failingAudit(() => verifyOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId }));
    await failingAudit(() => rejectOrganisation(db, platformAdmin.actor, { organisationId: org.organisationId, reason: "no" }));
    const [row] = await db.select().from(organisations).where(eq(organisations.id, org.organisationId));
    expect(row).toMatchObject({ status: "pending", reviewedBy: null, rejectionReason: null });
  });

  it("inviteMember and acceptInvitation", async () => {
    const org = await createTestOrganisation(db);
    const invitee = await createUser(db);
    const input = { organisationId: org.organisationId, email: invitee.actor.email, role: "member" };
    await failingAudit(() => inviteMember(db, org.admin.actor, input));
    expect(await db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, org.organisationId))).toHaveLength(0);

    const { token } = await inviteMember(db, org.admin.actor, input);
    await failingAudit(() => acceptInvitation(db, invitee.actor, { token }));
    expect(await roleOf(org.organisationId, invitee.actor.userId)).toBeNull();
    // Still pending: it works on the next try.
    await acceptInvitation(db, invitee.actor, { token });
    expect(await roleOf(org.organisationId, invitee.actor.userId)).toBe("member");
  });

  it("changeMemberRole and removeMember", async () => {
    const org = await createTestOrganisation(db);
    const member = await addMember(db, org, "member");
    const ids = { organisationId: org.organisationId, userId: member.actor.userId };
    await failingAudit(() => changeMemberRole(db, org.admin.actor, { ...ids, role: "admin" }));
    expect(await roleOf(org.organisationId, member.actor.userId)).toBe("member");
    await failingAudit(() => removeMember(db, org.admin.actor, ids));
    expect(await roleOf(org.organisationId, member.actor.userId)).toBe("member");
  });
});
