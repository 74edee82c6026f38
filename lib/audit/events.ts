/** Every state change Tavolo records. Add new actions here, grouped by domain. */
export const auditActions = [
  "user.signed_up",
  "user.platform_admin_granted",
  "organisation.created",
  "organisation.verified",
  "organisation.rejected",
  "organisation.invitation_sent",
  "organisation.invitation_accepted",
  "organisation.member_role_changed",
  "organisation.member_removed",
  "coalition.created",
  "coalition.member_admitted",
  "coalition.invitation_sent",
  "coalition.invitation_declined",
  "coalition.join_requested",
  "coalition.join_declined",
  "coalition.member_changed",
  "coalition.member_removed",
  "coalition.member_left",
  "call.created",
  "call.updated",
  "call.published",
  "call.submission_extended",
  "call.archived",
] as const;

export type AuditAction = (typeof auditActions)[number];
