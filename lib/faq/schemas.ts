import { z } from "zod";

/** Bounds of the FAQ texts: long enough for a real clarification, short enough to read on a phone. */
export const QUESTION_MAX = 2000;
export const ANSWER_MAX = 5000;
export const REASON_MAX = 500;

const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");

/** A person of a member organisation asks the promoter a question about an open call. */
export const askQuestionSchema = z.object({
  callId: z.uuid("invalidInput"),
  organisationId: z.uuid("required"),
  question: text(QUESTION_MAX),
});
export type AskQuestionInput = z.input<typeof askQuestionSchema>;

/**
 * The promoter's answer, with the question as it will be published: the promoter may
 * reword it to remove anything that identifies who asked.
 */
export const answerQuestionSchema = z.object({
  questionId: z.uuid("invalidInput"),
  publicQuestion: text(QUESTION_MAX),
  answer: text(ANSWER_MAX),
});
export type AnswerQuestionInput = z.input<typeof answerQuestionSchema>;

export const questionIdSchema = z.object({ questionId: z.uuid("invalidInput") });

/** A published answer is corrected, never silently: the reason goes to the audit trail and the page shows the date. */
export const correctAnswerSchema = z.object({
  questionId: z.uuid("invalidInput"),
  answer: text(ANSWER_MAX),
  reason: text(REASON_MAX),
});
export type CorrectAnswerInput = z.input<typeof correctAnswerSchema>;
