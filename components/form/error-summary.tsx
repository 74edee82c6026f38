"use client";

import { useTranslations } from "next-intl";
import { forwardRef, type MouseEvent } from "react";
import { useErrorText } from "./use-error-text";

export type SummaryItem = { id: string; label: string; message: string };

/** Moves the keyboard to a field: the element with that id, or the first control inside it (a checkbox group). */
function focusField(e: MouseEvent<HTMLAnchorElement>, id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  e.preventDefault();
  const control = target.matches("input, select, textarea") ? target : target.querySelector<HTMLElement>("input, select, textarea");
  (control ?? target).focus();
  (control ?? target).scrollIntoView({ block: "center" });
}

/**
 * Every problem of a form at the top, each a link to its field (WCAG 3.3.1). The form
 * focuses it after a failed submit, so a keyboard or screen-reader user hears the list.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, { title?: string; items: SummaryItem[] }>(function ErrorSummary({ title, items }, ref) {
  const t = useTranslations("confirm.errorSummary");
  const errorText = useErrorText();
  if (items.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-danger mb-4" aria-labelledby="error-summary-title" data-testid="error-summary">
      <h2 id="error-summary-title" className="h5" data-testid="form-error">
        {title ?? t("title", { count: items.length })}
      </h2>
      <p className="mb-2">{t("intro")}</p>
      <ul className="mb-0">
        {items.map((i) => (
          <li key={i.id}>
            <a href={`#${i.id}`} onClick={(e) => focusField(e, i.id)}>
              {i.label}: {errorText(i.message)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
});
