import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { incentiveApplications, type IncentiveApplication } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getMembership, type Membership } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * Who may see and change an organisation's incentive applications and de minimis ledger
 * (issue 11 rules): only the representatives of the applying organisation change them;
 * its other members may read them; anyone else is told "not found" — they may not even
 * learn that an application exists.
 */

export type ApplicationAccess = { application: IncentiveApplication; organisationId: string; membership: Membership };

/** The application for a member of its organisation (read); NOT_FOUND for anyone else. */
export async function requireApplicationMember(db: Db | Tx, actor: Actor, applicationId: string): Promise<ApplicationAccess> {
  const [application] = await db.select().from(incentiveApplications).where(eq(incentiveApplications.id, applicationId));
  if (!application) throw new AppError("NOT_FOUND", "incentiveApplicationNotFound");
  const membership = await getMembership(db, actor, application.organisationId);
  if (!membership) throw new AppError("NOT_FOUND", "incentiveApplicationNotFound");
  return { application, organisationId: application.organisationId, membership };
}

/**
 * The application for a representative of its organisation, locked for update when asked.
 * NOT_FOUND for people outside the organisation; FORBIDDEN (notRepresentative) for its
 * members who do not represent it.
 */
export async function requireApplicationRepresentative(tx: Tx, actor: Actor, applicationId: string, options: { lock?: boolean } = {}): Promise<ApplicationAccess> {
  const [found] = await tx.select({ organisationId: incentiveApplications.organisationId }).from(incentiveApplications).where(eq(incentiveApplications.id, applicationId));
  if (!found) throw new AppError("NOT_FOUND", "incentiveApplicationNotFound");
  const membership = await getMembership(tx, actor, found.organisationId);
  if (!membership) throw new AppError("NOT_FOUND", "incentiveApplicationNotFound");
  if (!membership.represents) throw new AppError("FORBIDDEN", "notRepresentative");
  const query = tx.select().from(incentiveApplications).where(eq(incentiveApplications.id, applicationId));
  const [application] = options.lock ? await query.for("update") : await query;
  return { application, organisationId: found.organisationId, membership };
}

/** A member of the organisation may read its ledger and funding desk; NOT_FOUND for anyone else. */
export async function requireLedgerMember(db: Db | Tx, actor: Actor, organisationId: string): Promise<Membership> {
  const membership = await getMembership(db, actor, organisationId);
  if (!membership) throw new AppError("NOT_FOUND", "organisationNotFound");
  return membership;
}

/** A representative of the organisation changes its applications and ledger; NOT_FOUND outside, FORBIDDEN for other members. */
export async function requireLedgerRepresentative(db: Db | Tx, actor: Actor, organisationId: string, notFoundKey = "organisationNotFound"): Promise<Membership> {
  const membership = await getMembership(db, actor, organisationId);
  if (!membership) throw new AppError("NOT_FOUND", notFoundKey);
  if (!membership.represents) throw new AppError("FORBIDDEN", "notRepresentative");
  return membership;
}
