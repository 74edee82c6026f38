import { expect } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";

/** Awaits a promise that must fail with an AppError of this code; returns the error for more checks. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode, messageKey?: string): Promise<AppError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected the call to throw").toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect(error.code).toBe(code);
  if (messageKey !== undefined) expect(error.messageKey).toBe(messageKey);
  return error;
}
