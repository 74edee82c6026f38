/**
 * Every kind of notification (issue 12), who gets it and how by default. The words live in
 * messages/{it,en}/notifications.json under notifications.kinds.<kind>.{title,body}, with the
 * notification's params as ICU values.
 */
export const NOTIFICATION_KINDS = [
  // Coalitions: an invitation to join, a request to join (to promoters), the answer.
  "coalition_invitation",
  "coalition_join_request",
  "coalition_request_answered",
  // Partnerships on a proposal: an invitation, a request (to the lead), the answer.
  "partner_invitation",
  "partner_join_request",
  "partner_request_answered",
  // Calls and votes.
  "call_opened",
  "voting_opened",
  "voting_closing",
  "draft_deadline",
  "results_published",
  "admissibility_decided",
  // Money.
  "expense_report_reviewed",
  "tranche_released",
  "incentive_deadline",
  // Sent by promoters.
  "vote_reminder",
  "coalition_message",
  // Meetings of the table: convened, cancelled, minutes circulated for comments.
  "meeting_convened",
  "meeting_cancelled",
  "minutes_circulated",
  // The protocol of understanding: a new version to adhere to.
  "protocol_published",
  // The evaluation committee: a person of a member organisation appointed to it.
  "evaluator_appointed",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ["in_app", "immediate", "digest"] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a person gets when they have not chosen: e-mail at once for what asks them to act, a digest for news. */
export const DEFAULT_CHANNEL: Record<NotificationKind, Channel> = {
  coalition_invitation: "immediate",
  coalition_join_request: "immediate",
  coalition_request_answered: "immediate",
  partner_invitation: "immediate",
  partner_join_request: "immediate",
  partner_request_answered: "immediate",
  call_opened: "digest",
  voting_opened: "immediate",
  voting_closing: "immediate",
  draft_deadline: "immediate",
  results_published: "digest",
  admissibility_decided: "immediate",
  expense_report_reviewed: "immediate",
  tranche_released: "immediate",
  incentive_deadline: "immediate",
  vote_reminder: "immediate",
  coalition_message: "immediate",
  meeting_convened: "immediate",
  meeting_cancelled: "immediate",
  minutes_circulated: "immediate",
  protocol_published: "immediate",
  evaluator_appointed: "immediate",
};

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

/** A site path a notification may lead to: one leading "/", no scheme, host, backslash or control character. */
export function isSafeHref(href: string): boolean {
  return /^\/(?![/\\])[^\s\\\u0000-\u001f]*$/.test(href) && href.length <= 500;
}
