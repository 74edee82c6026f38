import { z } from "zod";

/** Shared by the voting forms and the server (STYLE rule 2). */

export const castBallotSchema = z.object({
  callId: z.uuid(),
  proposalId: z.uuid(),
  organisationId: z.uuid(),
  value: z.coerce.number().int("ballotValueInvalid"),
});
export type CastBallotInput = z.input<typeof castBallotSchema>;

export const callIdSchema = z.object({ callId: z.uuid() });

export const correctResultsSchema = z.object({
  callId: z.uuid(),
  reason: z.string().trim().min(10, "resultsCorrectionReasonRequired").max(1000, "tooLong"),
});
export type CorrectResultsInput = z.input<typeof correctResultsSchema>;

export const checkReceiptSchema = z.object({
  callId: z.uuid(),
  proposalId: z.uuid("receiptProposalRequired"),
  token: z
    .string()
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^[A-Z2-7]{32}$/, "receiptTokenInvalid")),
});
export type CheckReceiptInput = z.input<typeof checkReceiptSchema>;
