import { z } from "zod";
import { fileKinds } from "./file-type";

export const attachmentScopes = ["proposal", "partner"] as const;

/** A call declares at most this many required attachments (DESIGN rule 11: a realistic ceiling). */
export const MAX_REQUIREMENTS_PER_CALL = 20;

/**
 * One required attachment as the promoter's form sends it, shared by the browser
 * (zodResolver) and the server (parse). No allowed type ticked means any kind Tavolo accepts.
 */
export const requirementFieldsSchema = z.object({
  scope: z.enum(attachmentScopes, "invalidInput"),
  title: z.string().trim().min(1, "required").max(200, "tooLong"),
  description: z.string().trim().max(2_000, "tooLong"),
  allowedTypes: z.array(z.enum(fileKinds, "invalidInput")).max(fileKinds.length, "invalidInput"),
  signatureRequired: z.boolean(),
});

export const addRequirementSchema = requirementFieldsSchema.extend({ callId: z.uuid("invalidInput") });
export const updateRequirementSchema = requirementFieldsSchema.extend({ requirementId: z.uuid("invalidInput") });
export const requirementIdSchema = z.object({ requirementId: z.uuid("invalidInput") });

export type RequirementFields = z.output<typeof requirementFieldsSchema>;
export type RequirementFieldsInput = z.input<typeof requirementFieldsSchema>;
