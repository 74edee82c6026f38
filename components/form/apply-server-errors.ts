import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FieldErrors } from "@/lib/errors";

/** Puts the server's field errors next to their fields, exactly as the browser's own would be. */
export function applyServerErrors<T extends FieldValues>(setError: UseFormSetError<T>, fieldErrors: FieldErrors | undefined) {
  for (const [field, keys] of Object.entries(fieldErrors ?? {})) {
    if (keys[0]) setError(field as Path<T>, { type: "server", message: keys[0] });
  }
}
