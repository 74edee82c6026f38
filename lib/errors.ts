export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "VALIDATION"
  | "INVALID_STATE"
  | "RATE_LIMITED";

export type MessageValues = Record<string, string | number>;

/** One problem: where it is fixed, its message key and the values the message names. */
export type Problem = { field: string; key: string; values?: MessageValues };

/** Field name → message keys (in the `errors` message namespace). */
export type FieldErrors = Record<string, string[]>;

/**
 * The one error type services throw. `messageKey` is a key of the `errors`
 * namespace in messages/, so the user reads it in their own language.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly fieldErrors?: FieldErrors;
  /** Values the message mentions, e.g. who changed a record and when. */
  readonly values?: MessageValues;
  /** A list of problems when one message is not enough (e.g. every failed eligibility rule). */
  readonly problems?: Problem[];

  constructor(code: ErrorCode, messageKey: string, fieldErrors?: FieldErrors, extra: { values?: MessageValues; problems?: Problem[] } = {}) {
    super(`${code}: ${messageKey}`);
    this.name = "AppError";
    this.code = code;
    this.messageKey = messageKey;
    this.fieldErrors = fieldErrors;
    this.values = extra.values;
    this.problems = extra.problems;
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = findPgError(error);
  if (!e || e.code !== "23505") return false;
  return constraint === undefined || e.constraint === constraint;
}

type PgErrorLike = { code?: string; constraint?: string; cause?: unknown };

function findPgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as PgErrorLike;
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    current = e.cause;
  }
  return undefined;
}
