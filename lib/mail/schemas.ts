import { z } from "zod";
import { emailSchema } from "@/lib/users/schemas";

export const forgotPasswordSchema = z.object({ email: emailSchema });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

const tokenSchema = z.string().trim().min(20, "emailLinkInvalid").max(100, "emailLinkInvalid");

export const resetPasswordSchema = z
  .object({
    token: tokenSchema,
    newPassword: z.string().min(10, "passwordTooShort").max(200, "tooLong"),
    confirmPassword: z.string().min(1, "required").max(200, "tooLong"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "passwordsDiffer" });
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

export const verifyEmailSchema = z.object({ token: tokenSchema });
