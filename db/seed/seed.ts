import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { coalitionMembers, coalitions, emailOutbox, organisationMembers, organisations, users, type User } from "@/db/schema";
import { record } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { getMunicipality } from "@/lib/municipalities";
import { acceptInvitation, createOrganisation, inviteMember, setRepresentative, verifyOrganisation } from "@/lib/organisations/service";
import { ensurePlatformAdmin, signUp } from "@/lib/users/service";
import { ensureAttachmentRequirements, ensureAttachments } from "./attachments";
import { ensureCalls } from "./calls";
import { ensureCallDocuments } from "./documents";
import { ensureFaq } from "./faq";
import { ensureGrants } from "./grants";
import { ensureIncentiveApplications } from "./incentives-applications";
import { ensureIncentiveProgrammes } from "./incentive-programmes";
import { ensureProposals } from "./proposals";
import { ensureProtocol } from "./protocol";
import { ensureSubmissionSnapshots } from "./submissions";
import { ensureVoting } from "./voting";
import { ensureMeetings } from "./meetings";
import {
  DEMO_COALITION,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  PLATFORM_ADMIN,
  type DemoOrganisation,
  type DemoPerson,
} from "./data";

export type SeedResult = {
  /** One line per thing this run created or changed; empty when everything was already there. */
  changes: string[];
  /** Warnings about demo data that was changed by hand and left alone. */
  warnings: string[];
};

const actorOf = (u: User): Actor => ({ userId: u.id, email: u.email, name: u.name, isPlatformAdmin: u.isPlatformAdmin });

async function findUser(db: Db, email: string): Promise<User | undefined> {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return u;
}

async function ensureUser(db: Db, person: Pick<DemoPerson, "email" | "name">, result: SeedResult): Promise<User> {
  const existing = await findUser(db, person.email);
  if (existing) {
    await confirmDemoAddress(db, existing, result);
    return existing;
  }
  await signUp(db, { name: person.name, email: person.email, password: DEMO_PASSWORD });
  result.changes.push(`user ${person.email}`);
  const created = (await findUser(db, person.email))!;
  await confirmDemoAddress(db, created, result);
  return created;
}

/**
 * Demo people act from the start: an unconfirmed address could only read (lib/action.ts).
 * Also confirms the people of a demo seeded before the rule.
 */
async function confirmDemoAddress(db: Db, user: User, result: SeedResult): Promise<void> {
  if (user.emailVerifiedAt) return;
  const [row] = await db
    .update(users)
    .set({ emailVerifiedAt: new Date() })
    .where(sql`${users.id} = ${user.id} and ${users.emailVerifiedAt} is null`)
    .returning({ id: users.id });
  if (!row) return;
  // The link mailed at sign-up is moot: it would only crowd the outbox ahead of real mail.
  await db
    .delete(emailOutbox)
    .where(and(eq(emailOutbox.userId, user.id), eq(emailOutbox.kind, "email_verification"), eq(emailOutbox.status, "pending")));
  result.changes.push(`address confirmed ${user.email}`);
}

async function findOrganisation(db: Db, o: DemoOrganisation) {
  const where = o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale);
  const [row] = await db.select().from(organisations).where(where);
  return row;
}

async function membershipRow(db: Db, organisationId: string, userId: string) {
  const [row] = await db
    .select({ role: organisationMembers.role, isRepresentative: organisationMembers.isRepresentative })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
  return row ?? null;
}

async function membershipOf(db: Db, organisationId: string, userId: string) {
  return (await membershipRow(db, organisationId, userId))?.role ?? null;
}

async function ensureOrganisation(db: Db, o: DemoOrganisation, platformAdmin: Actor, result: SeedResult): Promise<string> {
  const [first, ...colleagues] = o.people;
  if (first.role !== "admin") throw new Error(`The first person of ${o.key} must be its admin`);
  const creator = await ensureUser(db, first, result);

  let org = await findOrganisation(db, o);
  if (!org) {
    await createOrganisation(db, actorOf(creator), {
      kind: o.kind,
      legalName: o.legalName,
      partitaIva: o.partitaIva,
      codiceFiscale: o.codiceFiscale,
      codiceIpa: o.codiceIpa,
      atecoCode: o.atecoCode,
      sizeClass: o.sizeClass,
      municipalityCode: o.municipalityCode,
    });
    result.changes.push(`organisation ${o.legalName} (admin ${first.email})`);
    org = (await findOrganisation(db, o))!;
  }

  if (o.status === "verified" && org.status === "pending") {
    await verifyOrganisation(db, platformAdmin, { organisationId: org.id });
    result.changes.push(`verified ${o.legalName}`);
  } else if (o.status === "verified" && org.status !== "verified") {
    result.warnings.push(`${o.legalName} is ${org.status}, not verified: left as it is`);
  }

  for (const person of colleagues) {
    const user = await ensureUser(db, person, result);
    if (await membershipOf(db, org.id, user.id)) continue;
    if ((await membershipOf(db, org.id, creator.id)) !== "admin") {
      result.warnings.push(`${first.email} is no longer an admin of ${o.legalName}: ${person.email} not added`);
      continue;
    }
    // Through the real invitation flow, so the audit trail shows how the colleague joined.
    const { token } = await inviteMember(db, actorOf(creator), { organisationId: org.id, email: person.email, role: person.role });
    await acceptInvitation(db, actorOf(user), { token });
    result.changes.push(`${person.email} joined ${o.legalName} as ${person.role}`);
  }

  // Members the admin named representative, through the service so the naming is audited.
  for (const person of colleagues.filter((p) => p.representative && p.role === "member")) {
    const user = await ensureUser(db, person, result);
    const row = await membershipRow(db, org.id, user.id);
    if (!row || row.role !== "member" || row.isRepresentative) continue;
    if ((await membershipOf(db, org.id, creator.id)) !== "admin") {
      result.warnings.push(`${first.email} is no longer an admin of ${o.legalName}: ${person.email} not named representative`);
      continue;
    }
    await setRepresentative(db, actorOf(creator), { organisationId: org.id, userId: user.id, isRepresentative: true });
    result.changes.push(`${person.email} named representative of ${o.legalName}`);
  }
  return org.id;
}

/**
 * The coalition and its members. There is no coalition service yet, so this writes the
 * rows directly, in one transaction, each change with its audit entry.
 */
async function ensureCoalition(db: Db, orgIds: Map<string, string>, result: SeedResult): Promise<void> {
  const promoter = DEMO_ORGANISATIONS.find((o) => o.key === DEMO_COALITION.promoterKey)!;
  const promoterOrgId = orgIds.get(promoter.key)!;
  const promoterUser = (await findUser(db, promoter.people[0].email))!;

  await db.transaction(async (tx) => {
    let [coalition] = await tx.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
    if (!coalition) {
      [coalition] = await tx
        .insert(coalitions)
        .values({
          slug: DEMO_COALITION.slug,
          name: DEMO_COALITION.name,
          description: DEMO_COALITION.description,
          territory: [...DEMO_COALITION.territory],
          promoterOrganisationId: promoterOrgId,
        })
        .returning();
      await record(tx, {
        actorUserId: promoterUser.id,
        organisationId: promoterOrgId,
        action: "coalition.created",
        entityType: "coalition",
        entityId: coalition.id,
        data: { slug: coalition.slug, name: coalition.name, territory: coalition.territory },
      });
      result.changes.push(`coalition ${DEMO_COALITION.name}`);
    }

    const existing = await tx
      .select({ organisationId: coalitionMembers.organisationId })
      .from(coalitionMembers)
      .where(eq(coalitionMembers.coalitionId, coalition.id));
    const present = new Set(existing.map((m) => m.organisationId));

    for (const o of DEMO_ORGANISATIONS) {
      if (!o.coalition) continue;
      const organisationId = orgIds.get(o.key)!;
      if (present.has(organisationId)) continue;
      const [member] = await tx
        .insert(coalitionMembers)
        .values({ coalitionId: coalition.id, organisationId, role: o.coalition.role, weight: o.coalition.weight })
        .returning({ id: coalitionMembers.id });
      await record(tx, {
        actorUserId: promoterUser.id,
        organisationId,
        action: "coalition.member_admitted",
        entityType: "coalition_member",
        entityId: member.id,
        data: { coalitionId: coalition.id, organisationId, role: o.coalition.role, weight: o.coalition.weight },
      });
      result.changes.push(`${o.legalName} admitted to ${DEMO_COALITION.slug} as ${o.coalition.role} (weight ${o.coalition.weight})`);
    }
  });
}

/**
 * Creates the demo story (DEMO.md) through the real services, so every row has its
 * audit entry. Idempotent: everything is looked up by its natural key (e-mail,
 * Partita IVA / Codice Fiscale, coalition slug) first, and a second run changes nothing.
 */
export async function seed(db: Db): Promise<SeedResult> {
  const result: SeedResult = { changes: [], warnings: [] };

  for (const code of [...DEMO_COALITION.territory, ...DEMO_ORGANISATIONS.map((o) => o.municipalityCode)]) {
    if (!getMunicipality(code)) throw new Error(`Seed data refers to unknown ISTAT code ${code}`);
  }

  const admin = await ensurePlatformAdmin(db, { email: PLATFORM_ADMIN.email, name: PLATFORM_ADMIN.name, password: DEMO_PASSWORD });
  const adminUser = await findUser(db, PLATFORM_ADMIN.email);
  if (admin.created) result.changes.push(`platform admin ${PLATFORM_ADMIN.email}`);
  const platformAdmin = actorOf(adminUser!);

  const orgIds = new Map<string, string>();
  for (const o of DEMO_ORGANISATIONS) {
    orgIds.set(o.key, await ensureOrganisation(db, o, platformAdmin, result));
  }

  await ensureCoalition(db, orgIds, result);
  await ensureProtocol(db, result);
  await ensureCalls(db, DEMO_COALITION.slug, actorOf((await findUser(db, DEMO_SIGN_INS.promoter))!), result);
  await ensureAttachmentRequirements(db, result);
  await ensureProposals(db, result);
  await ensureVoting(db, result);
  await ensureAttachments(db, result);
  await ensureFaq(db, result);
  await ensureCallDocuments(db, result);
  await ensureSubmissionSnapshots(db, result);
  await ensureIncentiveProgrammes(db, platformAdmin, result);
  await ensureIncentiveApplications(db, result);
  await ensureGrants(db, result);
  await ensureMeetings(db, result);
  return result;
}
