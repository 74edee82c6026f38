import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { partitaIvaCheckDigit } from "@/lib/identifiers";
import { createOrganisation as createOrganisationService, verifyOrganisation } from "@/lib/organisations/service";
import type { CreateOrganisationInput } from "@/lib/organisations/schemas";
import { ensurePlatformAdmin, signUp } from "@/lib/users/service";

/**
 * Test data built through the real services, always unique, so tests never
 * depend on each other even when they share one PostgreSQL database.
 */

export const TEST_PASSWORD = "correct horse battery staple";
export const TORINO = "001272";

export function uniqueSuffix(): string {
  return randomBytes(6).toString("hex");
}

export function randomEmail(prefix = "user"): string {
  return `${prefix}.${uniqueSuffix()}@example.test`;
}

/** A random, valid Partita IVA (11 digits, correct check digit). */
export function randomPartitaIva(): string {
  let first10 = "";
  for (let i = 0; i < 10; i++) first10 += String(randomInt(10));
  return first10 + String(partitaIvaCheckDigit(first10));
}

/** A Partita IVA with the wrong check digit. */
export function invalidPartitaIva(): string {
  const valid = randomPartitaIva();
  return valid.slice(0, 10) + String((Number(valid[10]) + 1) % 10);
}

/** A random IPv4 address, so per-address rate limits never collide between tests. */
export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export type TestUser = { actor: Actor; password: string };

export async function createUser(db: Db, overrides: { email?: string; name?: string; password?: string } = {}): Promise<TestUser> {
  const email = (overrides.email ?? randomEmail()).toLowerCase();
  const name = overrides.name ?? `Test User ${uniqueSuffix()}`;
  const password = overrides.password ?? TEST_PASSWORD;
  await signUp(db, { name, email, password });
  // signUp answers alike for new and taken e-mails, so the id is looked up.
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return { actor: { userId: row.id, email, name, isPlatformAdmin: false }, password };
}

export async function createPlatformAdmin(db: Db): Promise<TestUser> {
  const email = randomEmail("admin");
  const name = `Platform Admin ${uniqueSuffix()}`;
  const { userId } = await ensurePlatformAdmin(db, { email, name, password: TEST_PASSWORD });
  return { actor: { userId, email, name, isPlatformAdmin: true }, password: TEST_PASSWORD };
}

/** A valid input for a firm; override any field. */
export function organisationInput(overrides: Partial<CreateOrganisationInput> = {}): CreateOrganisationInput {
  return {
    kind: "firm",
    legalName: `Impresa di Prova ${uniqueSuffix()} S.r.l.`,
    partitaIva: randomPartitaIva(),
    codiceFiscale: "",
    codiceIpa: "",
    atecoCode: "62.01.00",
    sizeClass: "small",
    municipalityCode: TORINO,
    ...overrides,
  };
}

export type TestOrganisation = { organisationId: string; admin: TestUser; input: CreateOrganisationInput };

/**
 * Creates an organisation through the real service, its creator (a new user unless
 * given) as admin. `verified: true` has a new platform admin verify it.
 */
export async function createOrganisation(
  db: Db,
  options: { admin?: TestUser; verified?: boolean; input?: Partial<CreateOrganisationInput> } = {},
): Promise<TestOrganisation> {
  const admin = options.admin ?? (await createUser(db));
  const input = organisationInput(options.input);
  const { organisationId } = await createOrganisationService(db, admin.actor, input);
  if (options.verified) {
    const platformAdmin = await createPlatformAdmin(db);
    await verifyOrganisation(db, platformAdmin.actor, { organisationId });
  }
  return { organisationId, admin, input };
}

export { randomUUID };

/**
 * Adds a new person to an organisation the way the product does: invitation, then
 * acceptance. `representative: true` has the admin name a member as representative
 * (admins always represent); without it a member is a plain member who acts for nobody.
 */
export async function addMember(
  db: Db,
  org: TestOrganisation,
  role: "admin" | "member" = "member",
  options: { representative?: boolean } = {},
): Promise<TestUser> {
  const { inviteMember, acceptInvitation, setRepresentative } = await import("@/lib/organisations/service");
  const user = await createUser(db);
  const { token } = await inviteMember(db, org.admin.actor, { organisationId: org.organisationId, email: user.actor.email, role });
  await acceptInvitation(db, user.actor, { token });
  if (options.representative && role === "member") {
    await setRepresentative(db, org.admin.actor, { organisationId: org.organisationId, userId: user.actor.userId, isRepresentative: true });
  }
  return user;
}
