import { z } from "zod";

/** Limits of a promoter's message to the coalition's members. */
export const MESSAGE_SUBJECT_MAX = 120;
export const MESSAGE_BODY_MAX = 2000;

export const voteReminderSchema = z.object({ callId: z.uuid() });

/** The form and the server parse the same schema: trimmed, never empty, bounded. */
export const coalitionMessageSchema = z.object({
  coalitionId: z.uuid(),
  subject: z.string().trim().min(1, "messageSubjectRequired").max(MESSAGE_SUBJECT_MAX, "messageSubjectTooLong"),
  message: z.string().trim().min(1, "messageBodyRequired").max(MESSAGE_BODY_MAX, "messageBodyTooLong"),
});

export type CoalitionMessageInput = z.input<typeof coalitionMessageSchema>;
