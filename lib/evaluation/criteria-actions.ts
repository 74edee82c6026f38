"use server";

import { runService } from "@/lib/service-action";
import { addCriterion, moveCriterion, removeCriterion, setEvaluationRule, updateCriterion } from "./criteria";

// Call pages live under /coalitions/<slug>/… and the public /calls/<id>.
export async function addCriterionAction(input: unknown) {
  return runService(addCriterion, input, "/coalitions");
}

export async function updateCriterionAction(input: unknown) {
  return runService(updateCriterion, input, "/coalitions");
}

export async function removeCriterionAction(input: unknown) {
  return runService(removeCriterion, input, "/coalitions");
}

export async function moveCriterionAction(input: unknown) {
  return runService(moveCriterion, input, "/coalitions");
}

export async function setEvaluationRuleAction(input: unknown) {
  return runService(setEvaluationRule, input, "/coalitions");
}
