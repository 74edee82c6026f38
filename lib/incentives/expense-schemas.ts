import { z } from "zod";
import { euroField } from "@/lib/form-fields";
import { MAX_AMOUNT_CENTS } from "@/lib/money";
import { isCalendarDate } from "./application-machine";
import { MAX_CUT_REASON } from "./expense-machine";

/**
 * Inputs of the expense reports (SAL), as forms send them: euro amounts as typed
 * ("1.234,56"), dates "YYYY-MM-DD", the invoice as a File. Message keys of `errors`.
 */

export const SUPPLIER_MAX = 200;
export const INVOICE_NUMBER_MAX = 50;

/** The kinds of file an invoice may be: a PDF (or PDF/A), a signed .p7m (FatturaPA), a scan. */
export const INVOICE_FILE_KINDS = ["pdf", "p7m", "png", "jpeg"] as const;

const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");

/** Money typed in a form or cents from code; must be at least one cent. */
const positiveAmount = z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(MAX_AMOUNT_CENTS, "amountTooLarge"), euroField]).refine((v) => v > 0, "amountPositive");

/** A form's checkbox: "on"/"true" → true; absent, "" or "false" → false. */
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const createReportSchema = z.object({
  grantId: z.uuid("invalidInput"),
  isFinal: checkbox.optional().default(false),
});
export type CreateReportInput = z.input<typeof createReportSchema>;

export const addExpenseLineSchema = z.object({
  reportId: z.uuid("invalidInput"),
  budgetLineId: z.uuid("expenseBudgetLineRequired"),
  supplier: text(SUPPLIER_MAX),
  invoiceNumber: text(INVOICE_NUMBER_MAX),
  invoiceDate: z.string().trim().min(1, "required").refine(isCalendarDate, "dateInvalid"),
  amount: positiveAmount,
  /** The invoice file (FormData), checked from its bytes by lib/documents/upload.ts. */
  file: z.unknown().optional(),
});
export type AddExpenseLineInput = z.input<typeof addExpenseLineSchema>;

/** A server action receives FormData from the browser; tests pass plain objects. */
export function addExpenseLineInputOf(input: unknown): unknown {
  if (typeof FormData !== "undefined" && input instanceof FormData) {
    const value = (name: string) => input.get(name) ?? undefined;
    return {
      reportId: value("reportId"),
      budgetLineId: value("budgetLineId"),
      supplier: value("supplier"),
      invoiceNumber: value("invoiceNumber"),
      invoiceDate: value("invoiceDate"),
      amount: value("amount"),
      file: value("file"),
    };
  }
  return input;
}

export const expenseLineIdSchema = z.object({ lineId: z.uuid("invalidInput") });

export const reportIdSchema = z.object({ reportId: z.uuid("invalidInput") });

/** The promoter's decision on one line: accept it whole, or cut it to an amount below it, with a reason. */
export const reviewLineSchema = z.discriminatedUnion("decision", [
  z.object({ lineId: z.uuid("invalidInput"), decision: z.literal("accept") }),
  z.object({
    lineId: z.uuid("invalidInput"),
    decision: z.literal("cut"),
    accepted: z.union([z.number().int("amountInvalid").min(0, "amountInvalid").max(MAX_AMOUNT_CENTS, "amountTooLarge"), euroField]),
    reason: z.string().trim().max(MAX_CUT_REASON, "tooLong"),
  }),
]);
export type ReviewLineInput = z.input<typeof reviewLineSchema>;
