import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitionMembers, grants, organisationMembers, type Grant } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getMembership, isRepresentative, type Membership } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * Who may see and act on a grant of the pact's own programme (issue 11):
 * - read: the members of the grant's organisation, the members of the promoter organisations
 *   of the call's coalition, platform admins;
 * - the partner's side (expense reports): only the representatives of the grant's organisation;
 * - the promoter's side (concession, tranches, review, revocation): only the representatives of
 *   a promoter organisation of the call's coalition.
 * Anyone who may not read the grant is told NOT_FOUND (grantNotFound): they may not even learn
 * that it exists. Readers who may not do the act get FORBIDDEN.
 */

export type GrantAccess = {
  grant: Grant;
  call: { id: string; coalitionId: string; title: string; advanceMaxBp: number; lineToleranceBp: number };
  /** The actor's membership of the grant's organisation, null when none. */
  membership: Membership | null;
  /** The actor represents the grant's organisation. */
  isRepresentative: boolean;
  /** The actor represents a promoter organisation of the call's coalition. */
  isPromoter: boolean;
  /** The actor belongs to a promoter organisation of the coalition (reads, even without representing it). */
  isPromoterMember: boolean;
  isPlatformAdmin: boolean;
};

async function loadAccess(db: Db | Tx, actor: Actor, grantId: string): Promise<GrantAccess | null> {
  // Not a uuid: no such grant (the query would fail on the cast).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(grantId)) return null;
  const [row] = await db
    .select({
      grant: grants,
      call: { id: calls.id, coalitionId: calls.coalitionId, title: calls.title, advanceMaxBp: calls.advanceMaxBp, lineToleranceBp: calls.lineToleranceBp },
    })
    .from(grants)
    .innerJoin(calls, eq(calls.id, grants.callId))
    .where(eq(grants.id, grantId));
  if (!row) return null;
  const membership = await getMembership(db, actor, row.grant.organisationId);
  const promoterRows = await db
    .select({ role: organisationMembers.role, named: organisationMembers.isRepresentative })
    .from(coalitionMembers)
    .innerJoin(organisationMembers, eq(organisationMembers.organisationId, coalitionMembers.organisationId))
    .where(and(eq(coalitionMembers.coalitionId, row.call.coalitionId), eq(coalitionMembers.role, "promoter"), eq(organisationMembers.userId, actor.userId)));
  return {
    grant: row.grant,
    call: row.call,
    membership,
    isRepresentative: membership?.represents ?? false,
    isPromoter: promoterRows.some((r) => isRepresentative(r.role, r.named)),
    isPromoterMember: promoterRows.length > 0,
    isPlatformAdmin: actor.isPlatformAdmin,
  };
}

function canRead(access: GrantAccess): boolean {
  return access.membership !== null || access.isPromoterMember || access.isPlatformAdmin;
}

async function lockGrant(tx: Tx, access: GrantAccess): Promise<GrantAccess> {
  const [grant] = await tx.select().from(grants).where(eq(grants.id, access.grant.id)).for("update");
  return { ...access, grant };
}

/** The grant for anyone who may read it; NOT_FOUND for everyone else. */
export async function requireGrantReader(db: Db | Tx, actor: Actor, grantId: string): Promise<GrantAccess> {
  const access = await loadAccess(db, actor, grantId);
  if (!access || !canRead(access)) throw new AppError("NOT_FOUND", "grantNotFound");
  return access;
}

/**
 * The grant for a representative of a promoter organisation of the call's coalition, locked
 * (`select … for update`) when asked. NOT_FOUND for those who may not read it, FORBIDDEN for
 * other readers (the partner, a platform admin).
 */
export async function requireGrantPromoter(tx: Tx, actor: Actor, grantId: string, options: { lock?: boolean } = {}): Promise<GrantAccess> {
  const access = await requireGrantReader(tx, actor, grantId);
  if (!access.isPromoter) throw new AppError("FORBIDDEN", "grantPromoterOnly");
  return options.lock ? lockGrant(tx, access) : access;
}

/**
 * The grant for a representative of its organisation, locked when asked. NOT_FOUND for those
 * who may not read it; FORBIDDEN for its members who do not represent it (notRepresentative)
 * and for promoters or admins outside the organisation.
 */
export async function requireGrantRepresentative(tx: Tx, actor: Actor, grantId: string, options: { lock?: boolean } = {}): Promise<GrantAccess> {
  const access = await requireGrantReader(tx, actor, grantId);
  if (!access.membership) throw new AppError("FORBIDDEN", "grantRepresentativeOnly");
  if (!access.isRepresentative) throw new AppError("FORBIDDEN", "notRepresentative");
  return options.lock ? lockGrant(tx, access) : access;
}
