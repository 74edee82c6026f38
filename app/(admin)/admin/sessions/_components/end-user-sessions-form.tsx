"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { FormAlert } from "@/components/form/form-alert";
import { TextField } from "@/components/form/text-field";
import { endUserSessionsAction } from "@/lib/users/actions";
import { endUserSessionsSchema, type EndUserSessionsInput } from "@/lib/users/schemas";

export function EndUserSessionsForm() {
  const t = useTranslations("admin");
  const [formError, setFormError] = useState<string>();
  const [endedFor, setEndedFor] = useState<string>();
  const { register, handleSubmit, formState, setError, reset } = useForm<EndUserSessionsInput>({
    resolver: zodResolver(endUserSessionsSchema),
    defaultValues: { email: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setEndedFor(undefined);
    const result = await endUserSessionsAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      if (!result.fieldErrors) setFormError(result.error);
      return;
    }
    reset();
    setEndedFor(result.data.name);
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={formState.isSubmitting}>
      <FormAlert errorKey={formError} />
      {endedFor && (
        <div className="alert alert-success" role="status" data-testid="sessions-ended">
          {t("sessionsEnded", { name: endedFor })}
        </div>
      )}
      <TextField id="email" type="email" autoComplete="off" label={t("sessionsEmail")} required registration={register("email")} error={formState.errors.email} />
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {t("sessionsButton")}
      </button>
    </form>
  );
}
