import { z } from "zod";

/** Bounds of the committee's texts: a justification is a paragraph or two, never a document. */
export const JUSTIFICATION_MAX = 2000;
export const NAME_MAX = 200;
export const EMAIL_MAX = 254;
export const SEARCH_MIN = 2;
export const SEARCH_MAX = 100;
/** An outside expert's invitation link is valid this long. */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60_000;

const role = z.enum(["chair", "member"], "invalidInput");

/** The promoter appoints a person of a member organisation (found with the bounded search). */
export const appointMemberSchema = z.object({
  callId: z.uuid("invalidInput"),
  userId: z.uuid("required"),
  organisationId: z.uuid("required"),
  role,
});
export type AppointMemberInput = z.input<typeof appointMemberSchema>;

/** The promoter invites an outside expert by name and e-mail: a link is mailed and shown once. */
export const inviteExpertSchema = z.object({
  callId: z.uuid("invalidInput"),
  name: z.string().trim().min(1, "required").max(NAME_MAX, "tooLong"),
  email: z.string().trim().max(EMAIL_MAX, "tooLong").pipe(z.email("emailInvalid")),
  role,
});
export type InviteExpertInput = z.input<typeof inviteExpertSchema>;

export const evaluatorIdSchema = z.object({ evaluatorId: z.uuid("invalidInput") });

export const acceptInvitationSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "evaluationInvitationInvalid") });

/** An evaluator's declaration for one proposal: no conflict of interest (false) or one (true, which excludes them). */
export const declareSchema = z.object({
  callId: z.uuid("invalidInput"),
  proposalId: z.uuid("invalidInput"),
  conflict: z.boolean("invalidInput"),
});
export type DeclareInput = z.input<typeof declareSchema>;

const points = z.coerce.number("evaluationPointsRange").int("evaluationPointsRange").min(0, "evaluationPointsRange").max(1000, "evaluationPointsRange");

/** A draft keeps what is filled in (points may be missing); submitting needs every criterion scored and justified. */
export const scoresSchema = z.object({
  callId: z.uuid("invalidInput"),
  proposalId: z.uuid("invalidInput"),
  scores: z
    .array(
      z.object({
        criterionId: z.uuid("invalidInput"),
        points: z.union([z.literal("").transform(() => null), z.null(), points]),
        justification: z.string().trim().max(JUSTIFICATION_MAX, "tooLong"),
      }),
    )
    .max(50, "invalidInput"),
});
export type ScoresInput = z.input<typeof scoresSchema>;

/** The chair's consolidated scores for one proposal: every criterion, each with its justification. */
export const consolidateSchema = z.object({
  callId: z.uuid("invalidInput"),
  proposalId: z.uuid("invalidInput"),
  scores: z
    .array(
      z.object({
        criterionId: z.uuid("invalidInput"),
        points,
        justification: z.string().trim().min(1, "required").max(JUSTIFICATION_MAX, "tooLong"),
      }),
    )
    .min(1, "required")
    .max(50, "invalidInput"),
});
export type ConsolidateInput = z.input<typeof consolidateSchema>;

export const callIdSchema = z.object({ callId: z.uuid("invalidInput") });
