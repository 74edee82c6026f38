import { z } from "zod";

export const coalitionRoles = ["promoter", "member", "observer"] as const;

const uuid = z.uuid("invalidInput");
const weight = z.coerce.number("weightInvalid").int("weightInvalid").min(1, "weightInvalid").max(1000, "weightInvalid");

export const createCoalitionSchema = z.object({
  promoterOrganisationId: z.uuid("required"),
  name: z.string().trim().min(1, "required").max(200, "tooLong"),
  description: z.string().trim().max(5000, "tooLong"),
  territory: z
    .array(z.string().regex(/^\d{6}$/, "municipalityUnknown"))
    .min(1, "territoryRequired")
    .max(1000, "tooLong"),
});
export type CreateCoalitionInput = z.input<typeof createCoalitionSchema>;

export const inviteOrganisationSchema = z.object({
  coalitionId: uuid,
  organisationId: z.uuid("required"),
  role: z.enum(coalitionRoles, "required"),
  weight,
});

export const requestToJoinSchema = z.object({
  coalitionId: uuid,
  organisationId: z.uuid("required"),
  motivation: z.string().trim().min(1, "required").max(1000, "tooLong"),
});
export type RequestToJoinInput = z.input<typeof requestToJoinSchema>;

export const decideJoinRequestSchema = z.discriminatedUnion("decision", [
  z.object({ requestId: uuid, decision: z.literal("accept"), role: z.enum(coalitionRoles, "required"), weight }),
  z.object({ requestId: uuid, decision: z.literal("decline"), reason: z.string().trim().min(1, "required").max(500, "tooLong") }),
]);

export const respondToInvitationSchema = z.object({ requestId: uuid, decision: z.enum(["accept", "decline"]) });

export const setCoalitionMemberSchema = z.object({
  coalitionId: uuid,
  organisationId: uuid,
  role: z.enum(coalitionRoles, "required"),
  weight,
});

export const removeCoalitionMemberSchema = z.object({
  coalitionId: uuid,
  organisationId: uuid,
  reason: z.string().trim().min(1, "required").max(500, "tooLong"),
});

export const leaveCoalitionSchema = z.object({ coalitionId: uuid, organisationId: uuid });
