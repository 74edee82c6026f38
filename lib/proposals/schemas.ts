import { z } from "zod";
import { budgetCategory } from "@/db/schema/proposals";
import { callSectors, callThemes } from "@/lib/calls/schemas";
import { euroField, optionalIntegerField } from "@/lib/form-fields";
import { MAX_AMOUNT_CENTS } from "@/lib/money";
import { organisationKinds } from "@/lib/organisations/schemas";

export const budgetCategories = budgetCategory.enumValues;

const text = (max: number) => z.string().trim().max(max, "tooLong");

export const indicatorSchema = z.object({
  name: z.string().trim().min(1, "required").max(200, "tooLong"),
  baseline: text(100),
  target: z.string().trim().min(1, "required").max(100, "tooLong"),
  unit: text(50),
});

export const milestoneSchema = z.object({
  title: z.string().trim().min(1, "required").max(200, "tooLong"),
  month: z.string().trim().regex(/^\d{1,3}$/, "integerInvalid").transform(Number).pipe(z.number().min(1, "integerInvalid").max(120, "integerInvalid")),
});

/**
 * The proposal's description, shared by the form and the server. A draft may be
 * incomplete: whether it can be submitted is eligibilityProblems' job.
 */
export const proposalFieldsSchema = z.object({
  title: z.string().trim().min(1, "required").max(200, "tooLong"),
  summary: text(2000),
  problem: text(4000),
  solutionType: z.union([z.enum(callThemes), z.literal("")], "invalidInput"),
  objectives: text(4000),
  indicators: z.array(indicatorSchema).max(20, "tooMany"),
  milestones: z.array(milestoneSchema).max(30, "tooMany"),
  durationMonths: optionalIntegerField(1, 120),
  sectors: z.array(z.enum(callSectors, "invalidInput")),
  lookingForKinds: z.array(z.enum(organisationKinds, "invalidInput")),
  requested: euroField,
});
export type ProposalFieldsInput = z.input<typeof proposalFieldsSchema>;
export type ProposalFields = z.output<typeof proposalFieldsSchema>;

export const createProposalSchema = z.object({
  callId: z.uuid("invalidInput"),
  leadOrganisationId: z.uuid("required"),
  title: z.string().trim().min(1, "required").max(200, "tooLong"),
});
export type CreateProposalInput = z.input<typeof createProposalSchema>;

const versioned = { proposalId: z.uuid("invalidInput"), version: z.number().int().min(1) };

export const updateProposalSchema = proposalFieldsSchema.extend(versioned);
export type UpdateProposalInput = z.input<typeof updateProposalSchema>;

export const budgetLineSchema = z.object({
  category: z.enum(budgetCategories, "required"),
  description: z.string().trim().min(1, "required").max(200, "tooLong"),
  amount: euroField.refine((c) => c > 0, "amountPositive"),
});

/**
 * Lines each within the ceiling may still add up past it: the first line that takes the
 * part's cost over MAX_AMOUNT_CENTS gets the error, next to its amount. (The whole
 * proposal's total, with the other parts, is checked by the service on save.)
 */
function partCostWithinCeiling(part: { lines: { amount: number }[] }, ctx: z.RefinementCtx): void {
  let cost = 0;
  for (const [i, line] of part.lines.entries()) {
    cost += line.amount;
    if (cost > MAX_AMOUNT_CENTS) {
      ctx.addIssue({ code: "custom", path: ["lines", i, "amount"], message: "proposalTotalTooLarge" });
      return;
    }
  }
}

const budgetPartFields = {
  lines: z.array(budgetLineSchema).max(50, "tooMany"),
  cofinancing: euroField,
};

/** One organisation's part of the budget: its lines and its own co-financing. */
export const saveBudgetPartSchema = z
  .object({ ...versioned, organisationId: z.uuid("invalidInput"), ...budgetPartFields })
  .superRefine(partCostWithinCeiling);
export type SaveBudgetPartInput = z.input<typeof saveBudgetPartSchema>;
export type SaveBudgetPart = z.output<typeof saveBudgetPartSchema>;

/** The budget form of one organisation: the same fields without the ids the page supplies. */
export const budgetPartFormSchema = z.object(budgetPartFields).superRefine(partCostWithinCeiling);
export type BudgetPartFormInput = z.input<typeof budgetPartFormSchema>;
export type BudgetPartForm = z.output<typeof budgetPartFormSchema>;

export const proposalIdSchema = z.object({ proposalId: z.uuid("invalidInput") });

export const withdrawProposalSchema = z.object({
  proposalId: z.uuid("invalidInput"),
  reason: z.string().trim().min(1, "required").max(500, "tooLong"),
});

export const admissibilitySchema = z.discriminatedUnion("admissible", [
  z.object({ proposalId: z.uuid("invalidInput"), admissible: z.literal(true) }),
  z.object({ proposalId: z.uuid("invalidInput"), admissible: z.literal(false), reason: z.string().trim().min(1, "required").max(1000, "tooLong") }),
]);
