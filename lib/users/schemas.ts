import { z } from "zod";

export const emailSchema = z.string().trim().min(1, "required").max(254, "tooLong").pipe(z.email("emailInvalid"));

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "required").max(200, "tooLong"),
  email: emailSchema,
  password: z.string().min(10, "passwordTooShort").max(200, "tooLong"),
});

export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "required").max(200, "tooLong"),
});
export type SignInInput = z.input<typeof signInSchema>;
