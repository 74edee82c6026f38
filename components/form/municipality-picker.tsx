"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import type { Municipality } from "@/lib/municipalities";
import { useErrorText } from "./use-error-text";

type Props = { id: string; registration: UseFormRegisterReturn; error?: FieldError; selected?: string };

/**
 * Choose a municipality from the ISTAT list: type part of the name (or the province
 * code), then pick from a native select, which works with the keyboard and screen readers.
 */
export function MunicipalityPicker({ id, registration, error, selected }: Props) {
  const t = useTranslations("municipality");
  const errorText = useErrorText()(error?.message);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Municipality[]>([]);
  const [loading, setLoading] = useState(false);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; controller?: AbortController }>({});
  const statusId = useId();

  const search = (value: string) => {
    setQuery(value);
    clearTimeout(pending.current.timer);
    pending.current.controller?.abort();
    const q = value.trim();
    if (q.length < 2) {
      setResults([]);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    pending.current = {
      controller,
      timer: setTimeout(() => {
        fetch(`/api/municipalities?q=${encodeURIComponent(q)}`, { signal: controller.signal })
          .then((r) => r.json() as Promise<{ results: Municipality[] }>)
          .then((body) => {
            setResults(body.results);
            setLoading(false);
          })
          .catch(() => {});
      }, 200),
    };
  };

  return (
    <fieldset className="mb-4">
      <legend className="h6">{t("legend")}</legend>
      <div className="form-group mb-2">
        <label htmlFor={`${id}-search`} className="active">
          {t("search")}
        </label>
        <input
          id={`${id}-search`}
          type="search"
          className="form-control"
          value={query}
          onChange={(e) => search(e.target.value)}
          aria-describedby={statusId}
          autoComplete="off"
        />
        <small id={statusId} className="form-hint d-block" aria-live="polite">
          {loading ? t("searching") : query.trim().length >= 2 ? t("found", { count: results.length }) : t("hint")}
        </small>
      </div>
      <div className="select-wrapper">
        <label htmlFor={id}>{t("choose")} *</label>
        <select
          id={id}
          aria-invalid={errorText ? true : undefined}
          aria-describedby={errorText ? `${id}-error` : undefined}
          className={errorText ? "invalid-input" : undefined}
          {...registration}
        >
          <option value="">{t("none")}</option>
          {selected && !results.some((m) => m.code === selected) && <option value={selected}>{t("keepSelected")}</option>}
          {results.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name} ({m.province}) — {m.region}
            </option>
          ))}
        </select>
      </div>
      {errorText && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {errorText}
        </div>
      )}
    </fieldset>
  );
}
