import { z } from "zod";
import { euroField } from "@/lib/form-fields";
import { isCalendarDate } from "./application-machine";
import { isValidCor, isValidCup, normaliseCup } from "./cup";

/**
 * Inputs of the grants' promoter forms (concession, tranches, closing, revocation): euro as
 * typed ("18.000", "1200,50") or cents from code, dates "YYYY-MM-DD". Keys of `errors`.
 */

export const ACT_MAX = 200;
export const GUARANTEE_MAX = 500;
export const NOTE_MAX = 500;
export const REVOCATION_REASON_MIN = 10;
export const REVOCATION_REASON_MAX = 2000;

const uuid = z.uuid("invalidInput");
const version = z.coerce.number().int().min(1);
const date = z.string().trim().min(1, "required").refine(isCalendarDate, "dateInvalid");
const money = z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(1_000_000_000_00, "amountTooLarge"), euroField]);

export const grantIdSchema = z.object({ grantId: uuid });

export const recordConcessionSchema = z.object({
  grantId: uuid,
  version,
  actNumber: z.string().trim().min(1, "required").max(ACT_MAX, "tooLong"),
  actDate: date,
  cup: z
    .string()
    .min(1, "required")
    .transform(normaliseCup)
    .refine((v) => v.length > 0, "required")
    .refine(isValidCup, "incentiveCupInvalid"),
  cor: z.string().trim().min(1, "required").refine(isValidCor, "incentiveCorInvalid"),
  startsOn: date,
  endsOn: date,
  finalReportDueOn: date,
});
export type RecordConcessionInput = z.input<typeof recordConcessionSchema>;

export const releaseTrancheSchema = z.object({
  grantId: uuid,
  kind: z.enum(["advance", "interim", "balance"], "invalidInput"),
  /** Ignored for the balance (computed). */
  amount: money.optional().default(0),
  guarantee: z.string().trim().max(GUARANTEE_MAX, "tooLong").optional().default(""),
  paidOn: date,
  note: z.string().trim().max(NOTE_MAX, "tooLong").optional().default(""),
});
export type ReleaseTrancheInput = z.input<typeof releaseTrancheSchema>;

export const revokeGrantSchema = z.object({
  grantId: uuid,
  whole: z.preprocess((v) => v === true || v === "true" || v === "whole", z.boolean()),
  amount: money.optional().default(0),
  reason: z.string().trim().min(REVOCATION_REASON_MIN, "grantRevocationReasonShort").max(REVOCATION_REASON_MAX, "tooLong"),
});
export type RevokeGrantInput = z.input<typeof revokeGrantSchema>;
