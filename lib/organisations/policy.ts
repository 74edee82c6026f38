import type { OrganisationRole } from "@/db/schema";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** An organisation must always keep at least one admin. */
export function leavesAnAdmin(input: { adminCount: number; currentRole: OrganisationRole; newRole: OrganisationRole | null }): boolean {
  if (input.currentRole !== "admin" || input.newRole === "admin") return true;
  return input.adminCount > 1;
}

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export function invitationState(
  inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  at: Date,
): InvitationState {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt.getTime() <= at.getTime()) return "expired";
  return "pending";
}
