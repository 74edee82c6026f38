import { z } from "zod";

export const emailSchema = z.string().trim().min(1, "required").max(254, "tooLong").pipe(z.email("emailInvalid"));

const newPasswordSchema = z.string().min(10, "passwordTooShort").max(200, "tooLong");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "required").max(200, "tooLong"),
  email: emailSchema,
  password: newPasswordSchema,
});

export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "required").max(200, "tooLong"),
});
export type SignInInput = z.input<typeof signInSchema>;

/** The account page's password form: the current password proves it is the person, not just their browser. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "required").max(200, "tooLong"),
    newPassword: newPasswordSchema,
    confirmPassword: z.string().min(1, "required").max(200, "tooLong"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "passwordsDiffer" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "passwordUnchanged" });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** A platform admin ends every session of the person with this e-mail. */
export const endUserSessionsSchema = z.object({ email: emailSchema });
export type EndUserSessionsInput = z.input<typeof endUserSessionsSchema>;
