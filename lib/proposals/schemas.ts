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
});
export type ProposalFieldsInput = z.input<typeof proposalFieldsSchema>;
export type ProposalFields = z.output<typeof proposalFieldsSchema>;

/**
 * The amount requested from the call as the lead types it, where the call allows asking
 * for less than the cost not co-financed: "" asks for all of it. Elsewhere it is never
 * typed: the server computes it (total cost − co-financing) and ignores what is sent.
 */
export const requestedField = z
  .string()
  .trim()
  .max(30, "amountInvalid")
  .transform((v, ctx) => {
    if (v === "") return null;
    const parsed = euroField.safeParse(v);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "amountInvalid" });
      return z.NEVER;
    }
    return parsed.data;
  });

export const createProposalSchema = z.object({
  callId: z.uuid("invalidInput"),
  leadOrganisationId: z.uuid("required"),
  title: z.string().trim().min(1, "required").max(200, "tooLong"),
});
export type CreateProposalInput = z.input<typeof createProposalSchema>;

const versioned = { proposalId: z.uuid("invalidInput"), version: z.number().int().min(1) };

/** The description alone (a save without budget parts); `requested` as in saveProposalSchema. */
export const updateProposalSchema = proposalFieldsSchema.extend({ ...versioned, requested: requestedField.optional() });
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

/** One organisation's part inside the proposal's one save. */
export const proposalPartSchema = z.object({ organisationId: z.uuid("invalidInput"), ...budgetPartFields }).superRefine(partCostWithinCeiling);

function partsOnce(value: { parts: { organisationId: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const [i, part] of value.parts.entries()) {
    if (seen.has(part.organisationId)) ctx.addIssue({ code: "custom", path: ["parts", i, "organisationId"], message: "invalidInput" });
    seen.add(part.organisationId);
  }
}

/**
 * What one save of the proposal's page holds: the description (the lead's admins only),
 * the requested amount (only where the call allows asking for less) and the budget parts
 * the person may edit — the lead's admins every accepted partner's, a partner's admins
 * their own. Shared by the form (without the ids) and the server.
 */
const proposalSaveFields = {
  details: proposalFieldsSchema.optional(),
  requested: requestedField.optional(),
  parts: z.array(proposalPartSchema).max(50, "tooMany"),
};
export const proposalSaveFormSchema = z.object(proposalSaveFields).superRefine(partsOnce);
export type ProposalSaveFormInput = z.input<typeof proposalSaveFormSchema>;
export type ProposalSaveForm = z.output<typeof proposalSaveFormSchema>;

/** A partner's form: its own parts only (the description is shown, not checked nor sent). */
export const proposalPartsFormSchema = z.object({ parts: proposalSaveFields.parts }).superRefine(partsOnce);

export const saveProposalSchema = z.object({ ...versioned, ...proposalSaveFields }).superRefine(partsOnce);
export type SaveProposalInput = z.input<typeof saveProposalSchema>;
export type SaveProposal = z.output<typeof saveProposalSchema>;

export const proposalIdSchema = z.object({ proposalId: z.uuid("invalidInput") });

export const withdrawProposalSchema = z.object({
  proposalId: z.uuid("invalidInput"),
  reason: z.string().trim().min(1, "required").max(500, "tooLong"),
});

export const admissibilitySchema = z.discriminatedUnion("admissible", [
  z.object({ proposalId: z.uuid("invalidInput"), admissible: z.literal(true) }),
  z.object({ proposalId: z.uuid("invalidInput"), admissible: z.literal(false), reason: z.string().trim().min(1, "required").max(1000, "tooLong") }),
]);
