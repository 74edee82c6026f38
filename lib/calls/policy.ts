import type { Call } from "@/db/schema";
import type { FieldErrors } from "@/lib/errors";
import { callFieldsSchema, type CallField, type CallFields } from "./schemas";

/**
 * When a call is in which phase, and which rules a call must satisfy to be published.
 * Pure functions: the one place to read "may this happen now?" for calls.
 */

export type CallPhase = "draft" | "scheduled" | "open" | "review" | "voting" | "counting" | "results" | "archived";

type Windows = Pick<Call, "submissionOpensAt" | "submissionClosesAt" | "votingOpensAt" | "votingClosesAt">;
type PhaseInput = Windows & Pick<Call, "status">;

const before = (at: Date, limit: Date | null) => limit !== null && at.getTime() < limit.getTime();

/**
 * The phase of a call at an instant. Stored status says draft / published / results /
 * archived; a published call's time-bounded phases come from its windows, each window
 * half-open [opens, closes): at the closing instant it is already closed.
 */
export function callPhase(call: PhaseInput, at: Date): CallPhase {
  if (call.status !== "published") return call.status;
  if (!call.submissionOpensAt || before(at, call.submissionOpensAt)) return "scheduled";
  if (before(at, call.submissionClosesAt)) return "open";
  if (before(at, call.votingOpensAt)) return "review";
  if (before(at, call.votingClosesAt)) return "voting";
  return "counting";
}

export type DeadlineEvent = "submissionOpens" | "submissionCloses" | "votingOpens" | "votingCloses";

/** The next moment the call changes phase by itself, or null when none is coming. */
export function nextDeadline(call: PhaseInput, at: Date): { event: DeadlineEvent; at: Date } | null {
  const phase = callPhase(call, at);
  const next: Partial<Record<CallPhase, [DeadlineEvent, Date | null]>> = {
    scheduled: ["submissionOpens", call.submissionOpensAt],
    open: ["submissionCloses", call.submissionClosesAt],
    review: ["votingOpens", call.votingOpensAt],
    voting: ["votingCloses", call.votingClosesAt],
  };
  const found = next[phase];
  return found?.[1] ? { event: found[0], at: found[1] } : null;
}

/** The phases in which people can see the call as "open or coming" rather than past. */
export function isCurrentPhase(phase: CallPhase): boolean {
  return phase === "scheduled" || phase === "open" || phase === "review" || phase === "voting" || phase === "counting";
}

/** A call's rules can change only while it is a draft: once published they are frozen. */
export function isEditable(call: Pick<Call, "status">): boolean {
  return call.status === "draft";
}

export function canArchive(phase: CallPhase): boolean {
  return phase === "results";
}

/** The rules of a stored call, in the shape the form and validateCallRules use. */
export function rulesOf(call: Call): CallFields {
  return {
    title: call.title,
    description: call.description,
    themes: call.themes as CallFields["themes"],
    sectors: call.sectors as CallFields["sectors"],
    budget: call.budgetCents,
    maxRequest: call.maxRequestCents,
    allowLowerRequest: call.allowLowerRequest,
    minCofinancing: call.minCofinancingBp,
    minPartners: call.minPartners,
    maxPartners: call.maxPartners,
    requiredPartnerKinds: call.requiredPartnerKinds as CallFields["requiredPartnerKinds"],
    leadKinds: call.leadKinds as CallFields["leadKinds"],
    sizeClasses: call.sizeClasses as CallFields["sizeClasses"],
    submissionOpensAt: call.submissionOpensAt,
    submissionClosesAt: call.submissionClosesAt,
    votingOpensAt: call.votingOpensAt,
    votingClosesAt: call.votingClosesAt,
    questionsCloseAt: call.questionsCloseAt,
    votingMethod: call.votingMethod,
    quorum: call.quorumBp,
    ballotsPublic: call.ballotsPublic,
    protocolThemes: call.protocolThemes,
  };
}

/**
 * Every reason the call cannot be published, at once: field → message keys (errors
 * namespace). Empty when it can. Decisions worth knowing:
 * - windows run submission opens < closes ≤ voting opens < voting closes (the review
 *   phase may be empty), and submission must still be open at publishing time;
 * - co-financing is 0–99.99%: 100% would leave nothing to ask the call for;
 * - quorum is above 0 and at most 100%: a quorum of 0 would make a vote with no
 *   ballots valid.
 */
export function validateCallRules(rules: CallFields, at?: Date): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: CallField, key: string) => (errors[field] ??= []).push(key);

  if (rules.title.trim() === "") add("title", "callTitleRequired");
  if (rules.themes.length === 0) add("themes", "callThemesRequired");
  if (rules.sectors.length === 0) add("sectors", "callSectorsRequired");

  if (rules.budget <= 0) add("budget", "callBudgetRequired");
  if (rules.maxRequest <= 0) add("maxRequest", "callMaxRequestPositive");
  if (rules.budget > 0 && rules.maxRequest > rules.budget) add("budget", "callBudgetBelowMaxRequest");
  if (rules.minCofinancing < 0 || rules.minCofinancing >= 10_000) add("minCofinancing", "callCofinancingRange");

  if (rules.minPartners < 1) add("minPartners", "callMinPartnersAtLeastOne");
  if (rules.maxPartners < rules.minPartners) add("maxPartners", "callMaxPartnersBelowMin");
  if (rules.quorum <= 0 || rules.quorum > 10_000) add("quorum", "callQuorumRange");

  const { submissionOpensAt: so, submissionClosesAt: sc, votingOpensAt: vo, votingClosesAt: vc } = rules;
  if (!so) add("submissionOpensAt", "callWindowRequired");
  if (!sc) add("submissionClosesAt", "callWindowRequired");
  if (!vo) add("votingOpensAt", "callWindowRequired");
  if (!vc) add("votingClosesAt", "callWindowRequired");
  if (so && sc && sc.getTime() <= so.getTime()) add("submissionClosesAt", "callClosesBeforeOpens");
  if (sc && at && sc.getTime() <= at.getTime()) add("submissionClosesAt", "callClosesInPast");
  if (sc && vo && vo.getTime() < sc.getTime()) add("votingOpensAt", "callVotingBeforeSubmissionCloses");
  if (vo && vc && vc.getTime() <= vo.getTime()) add("votingClosesAt", "callVotingClosesBeforeOpens");
  // Questions close after publication and after submission opens, never after submission closes.
  const qc = rules.questionsCloseAt;
  if (qc && at && qc.getTime() <= at.getTime()) add("questionsCloseAt", "callQuestionsCloseInPast");
  else if (qc && so && qc.getTime() <= so.getTime()) add("questionsCloseAt", "callQuestionsCloseBeforeOpens");
  if (qc && sc && qc.getTime() > sc.getTime()) add("questionsCloseAt", "callQuestionsCloseAfterSubmission");
  return errors;
}

const numberFields = new Set<CallField>(["budget", "maxRequest", "minCofinancing", "minPartners", "maxPartners", "quorum"]);
const dateFields = new Set<CallField>(["submissionOpensAt", "submissionClosesAt", "votingOpensAt", "votingClosesAt", "questionsCloseAt"]);

/**
 * Every problem of a call form in one pass, for publishing: each field's format and,
 * unlike a plain parse (which stops before any rule when one field is unreadable), the
 * rules between the fields that did parse. An unreadable number stands in as NaN, which
 * every comparison in validateCallRules treats as "no conflict", and an unreadable date
 * as missing; a field keeps its format error rather than a rule error built on a stand-in.
 */
export function callFormProblems(raw: Record<string, unknown>, at?: Date): FieldErrors {
  const errors: FieldErrors = {};
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(callFieldsSchema.shape) as [CallField, (typeof callFieldsSchema.shape)[CallField]][]) {
    const result = schema.safeParse(raw[name]);
    if (result.success) {
      values[name] = result.data;
      continue;
    }
    errors[name] = [result.error.issues[0]?.message ?? "invalidInput"];
    values[name] = numberFields.has(name) ? NaN : dateFields.has(name) ? null : Array.isArray(raw[name]) ? [] : typeof raw[name] === "string" ? raw[name] : "";
  }
  for (const [name, keys] of Object.entries(validateCallRules(values as CallFields, at))) {
    if (!errors[name]) errors[name] = keys;
  }
  return errors;
}

/**
 * Whether the submission deadline may move to `newClosesAt` now: only while submission
 * is open, only later (never shorter), and no later than the opening of the vote.
 * Returns null when allowed, else the message key.
 */
export function submissionExtensionProblem(call: PhaseInput, newClosesAt: Date, at: Date): string | null {
  if (callPhase(call, at) !== "open") return "callNotOpen";
  if (newClosesAt.getTime() <= call.submissionClosesAt!.getTime()) return "callExtensionNotLater";
  if (call.votingOpensAt && newClosesAt.getTime() > call.votingOpensAt.getTime()) return "callExtensionAfterVotingOpens";
  return null;
}
