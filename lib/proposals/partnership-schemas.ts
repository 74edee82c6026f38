import { z } from "zod";

/**
 * Partnership forms, shared by the client forms (zodResolver) and the services (parseInput).
 * Every message is a key of the `errors` namespace.
 */

const text = (max: number) => z.string().trim().max(max, "tooLong");

const partnerRef = { proposalId: z.uuid("invalidInput"), organisationId: z.uuid("required") };

export const invitePartnerSchema = z.object({
  ...partnerRef,
  roleDescription: z.string().trim().min(1, "required").max(500, "tooLong"),
});
export type InvitePartnerInput = z.input<typeof invitePartnerSchema>;

export const requestToJoinProposalSchema = z.object({
  ...partnerRef,
  message: z.string().trim().min(1, "required").max(1000, "tooLong"),
  contribution: text(1000),
});
export type RequestToJoinProposalInput = z.input<typeof requestToJoinProposalSchema>;

export const partnerDecisionSchema = z.object({ ...partnerRef, decision: z.enum(["accept", "decline"], "invalidInput") });
export type PartnerDecisionInput = z.input<typeof partnerDecisionSchema>;

export const removePartnerSchema = z.object(partnerRef);
export type RemovePartnerInput = z.input<typeof removePartnerSchema>;

/** The filters of the partner search (GET query parameters): unknown values are dropped, not errors. */
export const partnerSearchFiltersSchema = z.object({
  theme: z.string().max(40).optional().catch(undefined),
  sector: z.string().max(40).optional().catch(undefined),
  kind: z.string().max(40).optional().catch(undefined),
});
export type PartnerSearchFilters = z.output<typeof partnerSearchFiltersSchema>;
