import type { Call } from "@/db/schema";
import { centsToInput } from "@/lib/money";
import { utcToRomeLocal } from "@/lib/time";
import type { CallFieldsInput } from "./schemas";

/** Basis points as a person types a percentage: 3000 → "30", 3050 → "30,5". */
export function bpToPercentInput(bp: number): string {
  const whole = Math.floor(bp / 100);
  const fraction = bp % 100;
  if (fraction === 0) return String(whole);
  return `${whole},${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
}

/** A stored call as the form shows it: amounts in euro, times in Rome. */
export function callFormValues(call: Omit<Call, "createdBy">): CallFieldsInput {
  const local = (d: Date | null) => (d ? utcToRomeLocal(d) : "");
  const money = (cents: number) => (cents === 0 ? "" : centsToInput(cents));
  return {
    title: call.title,
    description: call.description,
    themes: call.themes as CallFieldsInput["themes"],
    sectors: call.sectors as CallFieldsInput["sectors"],
    budget: money(call.budgetCents),
    maxRequest: money(call.maxRequestCents),
    allowLowerRequest: call.allowLowerRequest,
    minCofinancing: bpToPercentInput(call.minCofinancingBp),
    advanceMax: bpToPercentInput(call.advanceMaxBp),
    lineTolerance: bpToPercentInput(call.lineToleranceBp),
    minPartners: String(call.minPartners),
    maxPartners: String(call.maxPartners),
    requiredPartnerKinds: call.requiredPartnerKinds as CallFieldsInput["requiredPartnerKinds"],
    leadKinds: call.leadKinds as CallFieldsInput["leadKinds"],
    sizeClasses: call.sizeClasses as CallFieldsInput["sizeClasses"],
    submissionOpensAt: local(call.submissionOpensAt),
    submissionClosesAt: local(call.submissionClosesAt),
    votingOpensAt: local(call.votingOpensAt),
    votingClosesAt: local(call.votingClosesAt),
    questionsCloseAt: local(call.questionsCloseAt),
    votingMethod: call.votingMethod,
    quorum: bpToPercentInput(call.quorumBp),
    ballotsPublic: call.ballotsPublic,
    protocolThemes: call.protocolThemes,
  };
}
