import type { Call, OrganisationKind, SizeClass } from "@/db/schema";
import type { Indicator, Milestone, PartnerStatus } from "@/db/schema/proposals";
import { callPhase } from "@/lib/calls/policy";
import { attachmentSlots } from "@/lib/documents/attachment-policy";
import { budgetTotals, requestedFits, type BudgetLineAmount } from "./budget";

/** One failed rule: the field (or section) where it is fixed, the message key and its values. */
export type EligibilityProblem = { field: string; key: string; values?: Record<string, string | number> };

export type EligibilityInput = {
  call: Pick<
    Call,
    | "status"
    | "themes"
    | "sectors"
    | "maxRequestCents"
    | "minCofinancingBp"
    | "minPartners"
    | "maxPartners"
    | "requiredPartnerKinds"
    | "leadKinds"
    | "sizeClasses"
    | "submissionOpensAt"
    | "submissionClosesAt"
    | "votingOpensAt"
    | "votingClosesAt"
    | "allowLowerRequest"
  >;
  proposal: {
    title: string;
    summary: string;
    problem: string;
    solutionType: string | null;
    objectives: string;
    indicators: Indicator[];
    milestones: Milestone[];
    durationMonths: number | null;
    sectors: string[];
    requestedCents: number;
  };
  lead: { kind: OrganisationKind; sizeClass: SizeClass | null };
  partners: {
    organisationId: string;
    legalName: string;
    kind: OrganisationKind;
    sizeClass: SizeClass | null;
    status: PartnerStatus;
    cofinancingCents: number;
  }[];
  lines: BudgetLineAmount[];
  /**
   * The call's required attachments and the files the proposal has (current versions), with
   * the lead's organisation id (partner-scope files are asked of the other accepted partners).
   * Absent: the call requires none.
   */
  attachments?: {
    leadOrganisationId: string;
    requirements: { id: string; title: string; scope: "proposal" | "partner" }[];
    uploaded: { requirementId: string; organisationId: string }[];
  };
  at: Date;
};

/**
 * Every reason a proposal cannot be submitted to its call now (DESIGN rule 6), in a
 * stable order; empty when it can. Partners include the lead.
 */
export function eligibilityProblems(input: EligibilityInput): EligibilityProblem[] {
  const { call, proposal, lead, at } = input;
  const problems: EligibilityProblem[] = [];
  const add = (field: string, key: string, values?: EligibilityProblem["values"]) => problems.push({ field, key, values });

  if (callPhase(call, at) !== "open") add("call", "proposalCallNotOpen");

  if (!proposal.title.trim()) add("title", "proposalTitleRequired");
  if (!proposal.summary.trim()) add("summary", "proposalSummaryRequired");
  if (!proposal.problem.trim()) add("problem", "proposalProblemRequired");
  if (!proposal.objectives.trim()) add("objectives", "proposalObjectivesRequired");
  if (!proposal.solutionType) add("solutionType", "proposalSolutionTypeRequired");
  else if (call.themes.length > 0 && !call.themes.includes(proposal.solutionType)) add("solutionType", "proposalSolutionTypeNotInCall");
  if (!proposal.durationMonths || proposal.durationMonths < 1) add("durationMonths", "proposalDurationRequired");
  if (proposal.indicators.length === 0) add("indicators", "proposalIndicatorsRequired");
  if (proposal.milestones.length === 0) add("milestones", "proposalMilestonesRequired");
  if (proposal.durationMonths && proposal.milestones.some((m) => m.month > proposal.durationMonths!)) {
    add("milestones", "proposalMilestoneAfterEnd");
  }
  if (proposal.sectors.length === 0) add("sectors", "proposalSectorsRequired");
  const foreignSectors = proposal.sectors.filter((s) => call.sectors.length > 0 && !call.sectors.includes(s));
  if (foreignSectors.length > 0) add("sectors", "proposalSectorNotInCall");

  if (call.leadKinds.length > 0 && !call.leadKinds.includes(lead.kind)) add("lead", "proposalLeadKindNotAllowed");

  const accepted = input.partners.filter((p) => p.status === "accepted");
  const waiting = input.partners.filter((p) => p.status === "invited" || p.status === "requested");
  if (accepted.length < call.minPartners) add("partners", "proposalTooFewPartners", { min: call.minPartners, count: accepted.length });
  if (accepted.length > call.maxPartners) add("partners", "proposalTooManyPartners", { max: call.maxPartners, count: accepted.length });
  for (const p of waiting) add("partners", "proposalPartnerNotAccepted", { name: p.legalName });
  if (call.requiredPartnerKinds.length > 0 && !accepted.some((p) => call.requiredPartnerKinds.includes(p.kind))) {
    add("partners", "proposalRequiredKindMissing");
  }
  if (call.sizeClasses.length > 0) {
    for (const p of accepted) {
      if (p.kind === "firm" && (!p.sizeClass || !call.sizeClasses.includes(p.sizeClass))) {
        add("partners", "proposalSizeClassNotAllowed", { name: p.legalName });
      }
    }
  }

  const totals = budgetTotals({ lines: input.lines, partners: accepted, requestedCents: proposal.requestedCents });
  if (input.lines.length === 0) add("budget", "proposalBudgetEmpty");
  // Saves refuse amounts past the ceiling; this catches rows stored before it existed.
  if (!totals.isWithinCeiling) add("budget", "proposalBudgetTooLarge");
  if (proposal.requestedCents <= 0) add("requested", "proposalRequestedRequired");
  if (proposal.requestedCents > call.maxRequestCents) add("requested", "proposalRequestedAboveMax");
  if (totals.totalCents > 0 && totals.cofinancingShareBp < call.minCofinancingBp) add("cofinancing", "proposalCofinancingBelowMin");
  // The requested contribution is total − co-financing (computed on save), or at most that
  // where the call allows asking for less; co-financing above the cost leaves nothing to ask.
  if (totals.totalCents > 0 && totals.cofinancingCents > totals.totalCents) add("cofinancing", "proposalCofinancingAboveCost");
  else if (totals.totalCents > 0 && !requestedFits(proposal.requestedCents, totals.totalCents, totals.cofinancingCents, call.allowLowerRequest)) {
    add("requested", call.allowLowerRequest ? "proposalRequestedAboveBalance" : "proposalFundingNotBalanced");
  }
  const acceptedIds = new Set(accepted.map((p) => p.organisationId));
  if (input.lines.some((l) => !acceptedIds.has(l.organisationId))) add("budget", "proposalLineOfNonPartner");

  if (input.attachments) {
    const { leadOrganisationId, requirements, uploaded } = input.attachments;
    const has = new Set(uploaded.map((u) => `${u.requirementId}/${u.organisationId}`));
    const slots = attachmentSlots(requirements, input.partners.map((p) => ({ ...p, isLead: p.organisationId === leadOrganisationId })));
    for (const slot of slots) {
      if (has.has(`${slot.requirementId}/${slot.organisationId}`)) continue;
      const requirement = requirements.find((r) => r.id === slot.requirementId)!;
      if (requirement.scope === "proposal") add("attachments", "proposalAttachmentMissing", { title: requirement.title });
      else add("attachments", "proposalPartnerAttachmentMissing", { title: requirement.title, name: input.partners.find((p) => p.organisationId === slot.organisationId)!.legalName });
    }
  }
  return problems;
}
