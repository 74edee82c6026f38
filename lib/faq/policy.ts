import type { Call, CoalitionRole, Organisation } from "@/db/schema";
import { callPhase } from "@/lib/calls/policy";

/**
 * Who may ask the promoter of a call a question, and until when. Pure functions: the one
 * place to read "may this question be asked now?"; the service checks them again at the
 * moment of the request.
 */

type QuestionWindowInput = Pick<Call, "status" | "submissionOpensAt" | "submissionClosesAt" | "votingOpensAt" | "votingClosesAt" | "questionsCloseAt">;

/** The last instant (exclusive) for questions: the call's own question deadline, else the submission deadline. */
export function questionsDeadline(call: Pick<Call, "questionsCloseAt" | "submissionClosesAt">): Date | null {
  return call.questionsCloseAt ?? call.submissionClosesAt;
}

/**
 * Whether a question may be asked at `at`: only while the call is open for submissions and
 * before its question deadline (half-open, like every window: at the deadline it is closed).
 * Returns null when it may, else the message key.
 */
export function questionWindowProblem(call: QuestionWindowInput, at: Date): "faqCallNotOpen" | "faqQuestionsClosed" | null {
  const phase = callPhase(call, at);
  if (phase === "draft" || phase === "scheduled") return "faqCallNotOpen";
  if (phase !== "open") return "faqQuestionsClosed";
  const deadline = questionsDeadline(call);
  if (deadline && at.getTime() >= deadline.getTime()) return "faqQuestionsClosed";
  return null;
}

/**
 * Coalition roles whose people may ask: members (who lead and partner in proposals) and
 * observers (who read the calls). The promoter answers; it does not ask itself.
 */
export const askerCoalitionRoles: readonly CoalitionRole[] = ["member", "observer"];

/** An organisation may ask when it is verified and belongs to the call's coalition with an asking role. */
export function organisationMayAsk(org: { status: Organisation["status"]; coalitionRole: CoalitionRole | null }): boolean {
  return org.status === "verified" && org.coalitionRole !== null && askerCoalitionRoles.includes(org.coalitionRole);
}

/** How many unpublished questions one organisation may have waiting on one call: enough for anyone, a bound for abuse. */
export const MAX_WAITING_QUESTIONS_PER_ORGANISATION = 20;
