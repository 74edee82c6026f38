import { z } from "zod";
import { MAX_AMOUNT_CENTS, parseEuroToCents } from "@/lib/money";

/**
 * Euro as typed ("1.200.000", "1200000,50") → integer cents; "" → 0 (a draft may leave
 * it blank). Every money field of every form uses it, so none takes more than the
 * ceiling (MAX_AMOUNT_CENTS, €1 billion).
 */
export const euroField = z
  .string()
  .trim()
  .max(30, "amountInvalid")
  .transform((v, ctx) => {
    if (v === "") return 0;
    const cents = parseEuroToCents(v);
    if (cents === null || cents < 0) {
      ctx.addIssue({ code: "custom", message: "amountInvalid" });
      return z.NEVER;
    }
    if (cents > MAX_AMOUNT_CENTS) {
      ctx.addIssue({ code: "custom", message: "amountTooLarge" });
      return z.NEVER;
    }
    return cents;
  });

/** A whole number typed in a text box ("18") → 18; "" → null. */
export const optionalIntegerField = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
      if (!(n >= min && n <= max)) {
        ctx.addIssue({ code: "custom", message: "integerInvalid" });
        return z.NEVER;
      }
      return n;
    });
