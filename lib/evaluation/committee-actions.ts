"use server";

import { getLocale } from "next-intl/server";
import { isLocale } from "@/lib/i18n/config";
import { runService } from "@/lib/service-action";
import * as committee from "./committee";
import * as consolidation from "./consolidation";
import * as review from "./review";

// The committee's pages live under /calls/[callId]/evaluation; the desk lists the appraisals to do.
const PAGES = "/";

export async function appointEvaluatorAction(input: unknown) {
  return runService(committee.appointMember, input, PAGES);
}

export async function inviteExpertAction(input: unknown) {
  const locale = await getLocale();
  return runService((db, actor, raw) => committee.inviteExpert(db, actor, raw, { locale: isLocale(locale) ? locale : "it" }), input, PAGES);
}

export async function acceptEvaluationInvitationAction(input: unknown) {
  return runService(committee.acceptInvitation, input, PAGES);
}

export async function removeEvaluatorAction(input: unknown) {
  return runService(committee.removeEvaluator, input, PAGES);
}

export async function setEvaluationChairAction(input: unknown) {
  return runService(committee.setChair, input, PAGES);
}

export async function declareConflictAction(input: unknown) {
  return runService(review.declare, input, PAGES);
}

export async function saveEvaluationScoresAction(input: unknown) {
  return runService(review.saveScores, input, PAGES);
}

export async function submitEvaluationReviewAction(input: unknown) {
  return runService(review.submitReview, input, PAGES);
}

export async function consolidateScoresAction(input: unknown) {
  return runService(consolidation.consolidate, input, PAGES);
}

export async function approveEvaluationAction(input: unknown) {
  return runService(consolidation.approveEvaluation, input, PAGES);
}
