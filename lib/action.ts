import { ZodError, type z } from "zod";
import { AppError, type ErrorCode, type FieldErrors, type MessageValues, type Problem } from "./errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | "UNKNOWN"; error: string; fieldErrors?: FieldErrors; values?: MessageValues; problems?: Problem[] };

/** Zod issues → field name → message keys. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "_form";
    (out[field] ??= []).push(issue.message);
  }
  return out;
}

export type ActionOptions = {
  /**
   * Set only on what a person must be able to do before confirming their address: confirm
   * it, have the link sent again, change or reset the password, end sessions, sign up,
   * read (checking a vote receipt), notification preferences. Everything else is refused
   * to them (FORBIDDEN emailNotVerified). lib/action.test.ts lists the actions that set it.
   */
  allowUnverified?: true;
};

/**
 * The one wrapper every server action goes through: first the gate — a signed-in person
 * whose address is unconfirmed can only read (lib/auth/session.ts refuseUnverified) —, then
 * the action; known errors become a typed result with message keys; unknown errors are
 * logged and shown as a generic message.
 */
export async function runAction<T>(fn: () => Promise<T>, options: ActionOptions = {}): Promise<ActionResult<T>> {
  try {
    if (!options.allowUnverified) {
      // Loaded when an action runs, not with this module: services import parseInput from
      // here, and the session reader (next-auth) has no place in them or their tests.
      const { refuseUnverified } = await import("./auth/session");
      await refuseUnverified();
    }
    return { ok: true, data: await fn() };
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, code: error.code, error: error.messageKey, fieldErrors: error.fieldErrors, values: error.values, problems: error.problems };
    }
    if (error instanceof ZodError) {
      return { ok: false, code: "VALIDATION", error: "invalidInput", fieldErrors: zodFieldErrors(error) };
    }
    // Redirects and not-found signals from Next must pass through.
    if (error instanceof Error && "digest" in error && typeof error.digest === "string" && error.digest.startsWith("NEXT_")) {
      throw error;
    }
    console.error("Unexpected error in server action", error);
    return { ok: false, code: "UNKNOWN", error: "unexpected" };
  }
}

/** Parses with the shared schema, turning failures into a VALIDATION AppError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("VALIDATION", "invalidInput", zodFieldErrors(result.error));
  return result.data;
}
