"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import type { Municipality } from "@/lib/municipalities";
import { useErrorText } from "./use-error-text";

type Selected = { code: string; label: string };
type Props = { id: string; value: Selected[]; onChange: (value: Selected[]) => void; error?: string };

const label = (m: Municipality) => `${m.name} (${m.province})`;

/** Several municipalities from the ISTAT list: search by name or province, add and remove with buttons. */
export function TerritoryPicker({ id, value, onChange, error }: Props) {
  const t = useTranslations("coalitions.territoryPicker");
  const errorText = useErrorText()(error);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Municipality[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const statusId = useId();

  const search = (q: string) => {
    setQuery(q);
    clearTimeout(timer.current);
    if (q.trim().length < 2) {
      setResults([]);
      return;
    }
    timer.current = setTimeout(() => {
      fetch(`/api/municipalities?q=${encodeURIComponent(q.trim())}`)
        .then((r) => r.json() as Promise<{ results: Municipality[] }>)
        .then((body) => setResults(body.results))
        .catch(() => {});
    }, 200);
  };

  const chosen = new Set(value.map((v) => v.code));
  const addAll = () => onChange([...value, ...results.filter((m) => !chosen.has(m.code)).map((m) => ({ code: m.code, label: label(m) }))]);

  return (
    <fieldset className="mb-4" aria-describedby={errorText ? `${id}-error` : undefined}>
      <legend className="h6">{t("legend")}</legend>
      <div className="form-group mb-2">
        <label htmlFor={`${id}-search`} className="active">
          {t("search")}
        </label>
        <input id={`${id}-search`} type="search" className="form-control" value={query} onChange={(e) => search(e.target.value)} aria-describedby={statusId} autoComplete="off" />
        <small id={statusId} className="form-hint d-block" aria-live="polite">
          {query.trim().length >= 2 ? t("found", { count: results.length }) : t("hint")}
        </small>
      </div>
      {results.length > 0 && (
        <div className="mb-3">
          <ul className="list-unstyled d-flex flex-wrap gap-2 mb-2" aria-label={t("results")}>
            {results.map((m) => (
              <li key={m.code}>
                <button type="button" className="btn btn-outline-primary btn-xs" disabled={chosen.has(m.code)} onClick={() => onChange([...value, { code: m.code, label: label(m) }])}>
                  {t("add", { name: label(m) })}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-link p-0" onClick={addAll}>
            {t("addAll")}
          </button>
        </div>
      )}
      <p className="mb-1 fw-semibold" id={`${id}-chosen`}>
        {t("chosen", { count: value.length })}
      </p>
      <ul className="list-unstyled d-flex flex-wrap gap-2" aria-labelledby={`${id}-chosen`} data-testid="territory-chosen">
        {value.map((v) => (
          <li key={v.code} className="chip chip-simple">
            <span className="chip-label">{v.label}</span>
            <button type="button" className="btn btn-link p-0 ms-2" onClick={() => onChange(value.filter((x) => x.code !== v.code))} aria-label={t("remove", { name: v.label })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {errorText && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {errorText}
        </div>
      )}
    </fieldset>
  );
}
