import { z } from "zod";
import { euroField } from "@/lib/form-fields";
import { isRomeLocal, romeLocalToUtc } from "@/lib/time";
import { applicationStatuses, isCalendarDate } from "./application-machine";

/**
 * Inputs of the incentive applications and the de minimis ledger, as forms send them:
 * euro amounts as typed ("40.000", "1200,50"), dates "YYYY-MM-DD", instants as Rome
 * wall-clock "YYYY-MM-DDTHH:mm". Message keys of the `errors` namespace.
 */

export const TITLE_MAX = 200;
export const PROTOCOL_MAX = 100;
export const REASON_MAX = 1000;
export const AUTHORITY_MAX = 200;
export const DESCRIPTION_MAX = 500;

const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "tooLong").optional().default("");

/** "" or absent → null; otherwise a real calendar date. */
const optionalDate = z
  .string()
  .trim()
  .optional()
  .default("")
  .refine((v) => v === "" || isCalendarDate(v), "dateInvalid")
  .transform((v) => (v === "" ? null : v));

const requiredDate = z.string().trim().min(1, "required").refine(isCalendarDate, "dateInvalid");

/** Money typed in a form, or cents from code; "" → 0. */
const amount = z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(1_000_000_000_00, "amountTooLarge"), euroField]).optional().default(0);

const version = z.coerce.number().int().min(1);

export const createApplicationSchema = z.object({
  organisationId: z.uuid("required"),
  programmeId: z.uuid("invalidInput"),
  proposalId: z
    .union([z.uuid("invalidInput"), z.literal("")])
    .nullish()
    .transform((v) => v || null),
  title: text(TITLE_MAX),
  eligibleCost: amount,
  requested: amount,
  plannedGrantDate: optionalDate,
});
export type CreateApplicationInput = z.input<typeof createApplicationSchema>;

export const updateApplicationSchema = z.object({
  applicationId: z.uuid("invalidInput"),
  version,
  title: z.string().trim().min(1, "required").max(TITLE_MAX, "tooLong").optional(),
  eligibleCost: amount,
  requested: amount,
  plannedGrantDate: optionalDate,
});
export type UpdateApplicationInput = z.input<typeof updateApplicationSchema>;

/** "" → undefined, so the machine reports the field as required. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * A move of the state machine with the fields it needs (lib/incentives/application-machine.ts
 * checks that the fields are there and consistent; this only parses their format).
 */
export const moveApplicationSchema = z.object({
  applicationId: z.uuid("invalidInput"),
  version,
  to: z.enum(applicationStatuses, "invalidInput"),
  protocolNumber: z.preprocess(blankToUndefined, z.string().trim().max(PROTOCOL_MAX, "tooLong").optional()),
  submittedAt: z.preprocess(
    blankToUndefined,
    z
      .union([z.date(), z.string().trim().refine(isRomeLocal, "dateInvalid").transform((v) => romeLocalToUtc(v))])
      .optional(),
  ),
  grantedOn: z.preprocess(blankToUndefined, z.string().trim().refine(isCalendarDate, "dateInvalid").optional()),
  grantedCents: z.preprocess(blankToUndefined, z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(1_000_000_000_00, "amountTooLarge"), euroField]).optional()),
  cup: z.preprocess(blankToUndefined, z.string().trim().max(30, "incentiveCupInvalid").optional()),
  cor: z.preprocess(blankToUndefined, z.string().trim().max(30, "incentiveCorInvalid").optional()),
  projectEndsOn: z.preprocess(blankToUndefined, z.string().trim().refine(isCalendarDate, "dateInvalid").optional()),
  finalReportDueOn: z.preprocess(blankToUndefined, z.string().trim().refine(isCalendarDate, "dateInvalid").optional()),
  reason: z.preprocess(blankToUndefined, z.string().trim().max(REASON_MAX, "tooLong").optional()),
});
export type MoveApplicationInput = z.input<typeof moveApplicationSchema>;

/** Money received on a granted application (never more than granted in all). */
export const recordDisbursementSchema = z.object({
  applicationId: z.uuid("invalidInput"),
  version,
  amount: z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(1_000_000_000_00, "amountTooLarge"), euroField]),
  receivedOn: requiredDate,
});
export type RecordDisbursementInput = z.input<typeof recordDisbursementSchema>;

/** De minimis aid received outside Tavolo, declared by the firm. */
export const declareDeMinimisAidSchema = z.object({
  organisationId: z.uuid("invalidInput"),
  grantedOn: requiredDate,
  authority: text(AUTHORITY_MAX),
  description: optionalText(DESCRIPTION_MAX),
  amount: z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(1_000_000_000_00, "amountTooLarge"), euroField]).refine((v) => v > 0, "amountPositive"),
  cor: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || /^[0-9]{1,12}$/.test(v), "incentiveCorInvalid")
    .transform((v) => (v === "" ? null : v)),
});
export type DeclareDeMinimisAidInput = z.input<typeof declareDeMinimisAidSchema>;

/** A declared row is withdrawn (a mistake, a duplicate), never edited: the reason stays. */
export const withdrawDeMinimisAidSchema = z.object({
  aidId: z.uuid("invalidInput"),
  reason: text(REASON_MAX),
});
export type WithdrawDeMinimisAidInput = z.input<typeof withdrawDeMinimisAidSchema>;

export const applicationIdSchema = z.object({ applicationId: z.uuid("invalidInput") });
