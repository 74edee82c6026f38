import { z } from "zod";
import { isValidAteco, isValidCodiceFiscale, isValidCodiceIpa, isValidPartitaIva } from "@/lib/identifiers";
import { emailSchema } from "@/lib/users/schemas";

export const organisationKinds = [
  "public_body",
  "university",
  "research_centre",
  "chamber_of_commerce",
  "business_association",
  "bank",
  "consultancy",
  "firm",
] as const;
export const sizeClasses = ["micro", "small", "medium", "large"] as const;
export const organisationRoles = ["admin", "member"] as const;

const optionalCode = (max: number) => z.string().trim().max(max, "tooLong");

/**
 * One schema for the form (zodResolver) and the server (parse). Optional fields
 * arrive as "" from the form; the service stores them as null.
 */
export const createOrganisationSchema = z
  .object({
    kind: z.enum(organisationKinds, "required"),
    legalName: z.string().trim().min(1, "required").max(200, "tooLong"),
    partitaIva: optionalCode(11)
      .transform((v) => v.replace(/\s/g, ""))
      .refine((v) => v === "" || isValidPartitaIva(v), "partitaIvaInvalid"),
    codiceFiscale: optionalCode(16)
      .transform((v) => v.replace(/\s/g, "").toUpperCase())
      .refine((v) => v === "" || isValidCodiceFiscale(v), "codiceFiscaleInvalid"),
    codiceIpa: optionalCode(20).refine((v) => v === "" || isValidCodiceIpa(v), "codiceIpaInvalid"),
    atecoCode: optionalCode(10).refine((v) => v === "" || isValidAteco(v), "atecoInvalid"),
    sizeClass: z.union([z.enum(sizeClasses), z.literal("")], "required"),
    municipalityCode: z.string().trim().regex(/^\d{6}$/, "municipalityRequired"),
  })
  .superRefine((v, ctx) => {
    // Requirements that depend on the kind; formats are checked field by field above.
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!v.partitaIva && !v.codiceFiscale) issue("partitaIva", "taxIdRequired");
    if (v.kind === "public_body" && !v.codiceIpa) issue("codiceIpa", "codiceIpaRequired");
    if (v.kind === "firm" && !v.atecoCode) issue("atecoCode", "atecoRequired");
    if (v.kind === "firm" && !v.sizeClass) issue("sizeClass", "sizeClassRequired");
  });

export type CreateOrganisationInput = z.input<typeof createOrganisationSchema>;

export const organisationIdSchema = z.object({ organisationId: z.uuid("invalidInput") });

export const rejectOrganisationSchema = organisationIdSchema.extend({
  reason: z.string().trim().min(1, "required").max(1000, "tooLong"),
});

export const inviteMemberSchema = organisationIdSchema.extend({
  email: emailSchema,
  role: z.enum(organisationRoles, "required"),
});
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const acceptInvitationSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "invitationInvalid") });

export const changeMemberRoleSchema = organisationIdSchema.extend({
  userId: z.uuid("invalidInput"),
  role: z.enum(organisationRoles, "required"),
});

export const removeMemberSchema = organisationIdSchema.extend({ userId: z.uuid("invalidInput") });

/** An admin names a member as representative of the organisation, or takes the naming back. */
export const setRepresentativeSchema = organisationIdSchema.extend({
  userId: z.uuid("invalidInput"),
  isRepresentative: z.boolean("invalidInput"),
});
