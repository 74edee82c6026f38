import { z } from "zod";

/** A call defines at most this many criteria (DESIGN rule 11: a realistic ceiling). */
export const MAX_CRITERIA_PER_CALL = 12;
export const MAX_CRITERION_POINTS = 1000;

export const evaluationModes = ["none", "threshold", "weighted", "technical_only"] as const;

/** One criterion as the promoter's form sends it, shared by the browser (zodResolver) and the server. */
export const criterionFieldsSchema = z.object({
  name: z.string().trim().min(1, "required").max(120, "tooLong"),
  description: z.string().trim().max(2_000, "tooLong"),
  maxPoints: z.coerce.number("invalidInput").int("invalidInput").min(1, "criterionPointsRange").max(MAX_CRITERION_POINTS, "criterionPointsRange"),
});

export const addCriterionSchema = criterionFieldsSchema.extend({ callId: z.uuid("invalidInput") });
export const updateCriterionSchema = criterionFieldsSchema.extend({ criterionId: z.uuid("invalidInput") });
export const criterionIdSchema = z.object({ criterionId: z.uuid("invalidInput") });
export const moveCriterionSchema = z.object({ criterionId: z.uuid("invalidInput"), direction: z.enum(["up", "down"], "invalidInput") });

/**
 * How the appraisal combines with the vote. The weight is a whole percentage (0–100, stored as
 * basis points); the minimum total is checked against the criteria's points at publication.
 */
export const evaluationRuleFieldsSchema = z.object({
  mode: z.enum(evaluationModes, "invalidInput"),
  minTotal: z.coerce.number("invalidInput").int("invalidInput").min(0, "evaluationMinRange").max(MAX_CRITERIA_PER_CALL * MAX_CRITERION_POINTS, "evaluationMinRange"),
  weightPercent: z.coerce.number("invalidInput").int("invalidInput").min(0, "evaluationWeightRange").max(100, "evaluationWeightRange"),
});
export const setEvaluationRuleSchema = evaluationRuleFieldsSchema.extend({ callId: z.uuid("invalidInput") });

export type CriterionFields = z.output<typeof criterionFieldsSchema>;
export type CriterionFieldsInput = z.input<typeof criterionFieldsSchema>;
export type EvaluationRuleFields = z.output<typeof evaluationRuleFieldsSchema>;
export type EvaluationRuleFieldsInput = z.input<typeof evaluationRuleFieldsSchema>;
