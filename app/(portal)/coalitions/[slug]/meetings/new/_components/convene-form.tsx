"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { TextAreaField } from "@/app/(portal)/coalitions/[slug]/calls/_components/text-area-field";
import { applyServerErrors } from "@/components/form/apply-server-errors";
import { ErrorSummary } from "@/components/form/error-summary";
import { TextField } from "@/components/form/text-field";
import { useErrorText } from "@/components/form/use-error-text";
import { conveneMeetingAction } from "@/lib/meetings/actions";
import { AGENDA_MAX, conveneMeetingSchema, ITEM_DESCRIPTION_MAX, LOCATION_MAX, TITLE_MAX, URL_MAX, type ConveneMeetingInput } from "@/lib/meetings/schemas";

const FIELDS = ["title", "date", "startTime", "endTime", "location", "onlineUrl"] as const;

/** Title, day and times (Rome), place and/or link, agenda items; the server checks everything again. */
export function ConveneForm({ coalitionId, slug }: { coalitionId: string; slug: string }) {
  const t = useTranslations("meetings.new");
  const errorText = useErrorText();
  const router = useRouter();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [formError, setFormError] = useState<string>();
  const { register, control, handleSubmit, formState, setError } = useForm<ConveneMeetingInput>({
    resolver: zodResolver(conveneMeetingSchema),
    defaultValues: { coalitionId, title: "", date: "", startTime: "", endTime: "", location: "", onlineUrl: "", agenda: [{ title: "", description: "" }] },
    // The summary takes the focus after a failed submit, not the first field.
    shouldFocusError: false,
  });
  const { fields, append, remove } = useFieldArray({ control, name: "agenda" });
  const errors = formState.errors;
  // After each failed attempt, once the summary is drawn (the form's errors may arrive a
  // render after the failure), the keyboard goes to it.
  const focused = useRef(0);
  const [failures, setFailures] = useState(0);
  const problems = Object.keys(formState.errors).length;
  useEffect(() => {
    if (failures > focused.current && summaryRef.current) {
      focused.current = failures;
      summaryRef.current.focus();
    }
  }, [failures, problems]);
  const failed = () => setFailures((n) => n + 1);

  const summary = [
    ...FIELDS.filter((name) => errors[name]?.message).map((name) => ({ id: `meeting-${name}`, label: t(`fields.${name}`), message: errors[name]?.message ?? "invalidInput" })),
    ...(errors.agenda?.root?.message || errors.agenda?.message ? [{ id: "meeting-agenda-0-title", label: t("fields.agenda"), message: errors.agenda?.root?.message ?? errors.agenda?.message ?? "invalidInput" }] : []),
    ...fields.flatMap((f, i) => (errors.agenda?.[i]?.title?.message ? [{ id: `meeting-agenda-${i}-title`, label: t("itemTitle", { position: i + 1 }), message: errors.agenda[i]!.title!.message! }] : [])),
  ];

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await conveneMeetingAction(values);
    if (!result.ok) {
      applyServerErrors(setError, result.fieldErrors);
      setFormError(result.fieldErrors ? undefined : result.error);
      failed();
      return;
    }
    router.push(`/coalitions/${slug}/meetings/${result.data.meetingId}`);
    router.refresh();
  }, () => failed());

  return (
    <form onSubmit={onSubmit} noValidate data-testid="convene-form">
      <ErrorSummary ref={summaryRef} title={formError ? errorText(formError) : undefined} items={formError && summary.length === 0 ? [{ id: "meeting-title", label: t("fields.title"), message: formError }] : summary} />
      <input type="hidden" {...register("coalitionId")} />
      <TextField id="meeting-title" label={t("titleLabel")} hint={t("titleHint")} required maxLength={TITLE_MAX} registration={register("title")} error={errors.title} />
      <div className="row">
        <div className="col-md-4">
          <TextField id="meeting-date" type="date" label={t("date")} required registration={register("date")} error={errors.date} />
        </div>
        <div className="col-6 col-md-4">
          <TextField id="meeting-startTime" type="time" label={t("start")} required registration={register("startTime")} error={errors.startTime} />
        </div>
        <div className="col-6 col-md-4">
          <TextField id="meeting-endTime" type="time" label={t("end")} required registration={register("endTime")} error={errors.endTime} />
        </div>
      </div>
      <TextField id="meeting-location" label={t("location")} hint={t("locationHint")} maxLength={LOCATION_MAX} registration={register("location")} error={errors.location} />
      <TextField id="meeting-onlineUrl" type="url" inputMode="url" label={t("onlineUrl")} hint={t("onlineUrlHint")} maxLength={URL_MAX} registration={register("onlineUrl")} error={errors.onlineUrl} />
      <fieldset className="mb-4" aria-describedby="agenda-hint">
        <legend className="h4">{t("agendaLegend")}</legend>
        <p id="agenda-hint" className="small">
          {t("agendaHint")}
        </p>
        {fields.map((field, i) => (
          <div key={field.id} className="border rounded p-3 mb-3" data-testid="agenda-item">
            <TextField id={`meeting-agenda-${i}-title`} label={t("itemTitle", { position: i + 1 })} required maxLength={TITLE_MAX} registration={register(`agenda.${i}.title`)} error={errors.agenda?.[i]?.title} />
            <TextAreaField id={`meeting-agenda-${i}-description`} label={t("itemDescription", { position: i + 1 })} rows={2} maxLength={ITEM_DESCRIPTION_MAX} registration={register(`agenda.${i}.description`)} error={errors.agenda?.[i]?.description} />
            {fields.length > 1 && (
              <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => remove(i)}>
                {t("removeItem", { position: i + 1 })}
              </button>
            )}
          </div>
        ))}
        {fields.length < AGENDA_MAX && (
          <button type="button" className="btn btn-outline-primary" onClick={() => append({ title: "", description: "" })} data-testid="agenda-add">
            {t("addItem")}
          </button>
        )}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
