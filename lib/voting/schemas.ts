import { z } from "zod";
import { parseReceiptCode } from "./receipt-code";

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

/**
 * A receipt check needs only the code (lib/voting/receipt.ts). The call narrows the search
 * for an older code without a locator; nothing else is asked of the visitor.
 */
export const checkReceiptSchema = z.object({
  callId: z.uuid().optional(),
  token: z
    .string()
    .max(200, "receiptTokenInvalid")
    .transform((s, ctx) => {
      const parsed = parseReceiptCode(s);
      if (!parsed) ctx.addIssue({ code: "custom", message: "receiptTokenInvalid" });
      return parsed ?? { locator: null, token: "" };
    }),
});
export type CheckReceiptInput = z.input<typeof checkReceiptSchema>;
