"use client";

import "./receipt-sheet.css";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { formatRome } from "@/lib/time";

export type SheetLine = { reference: string | null; title: string; valueText: string; code: string };

type Props = { callTitle: string; organisationName: string; castAt: Date; lines: SheetLine[] };

/** Copies with the Clipboard API where allowed, else through a selected textarea (older browsers, http). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

/**
 * One receipt sheet for everything cast in one go: each proposal with its code, to copy,
 * download as text or print. The codes exist only here (the server keeps their hashes),
 * so the file is made in the browser, never by a route.
 */
export function ReceiptSheet({ callTitle, organisationName, castAt, lines }: Props) {
  const t = useTranslations("voting.sheet");
  const locale = useLocale();
  const [notice, setNotice] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const when = formatRome(castAt, locale);
  // Built on demand: only in the browser, where the page's own address is known.
  const buildText = () => [
    t("fileTitle"),
    `${t("call")}: ${callTitle}`,
    `${t("organisation")}: ${organisationName}`,
    `${t("castAt")}: ${when}`,
    "",
    ...lines.flatMap((l) => [`${l.reference ?? ""} ${l.title}`.trim(), `  ${t("ballot")}: ${l.valueText}`, `  ${t("code")}: ${l.code}`, ""]),
    t("shownOnce"),
    t("howToCheck", { url: `${window.location.origin}/receipts` }),
    "",
  ].join("\n");

  const copy = async () => setNotice((await copyText(buildText())) ? t("copied") : t("copyFailed"));
  const download = () => {
    const url = URL.createObjectURL(new Blob([buildText()], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${t("fileName")}-${castAt.toISOString().slice(0, 10)}.txt`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setNotice(t("downloaded"));
  };

  return (
    <section className="receipt-sheet card border border-success mb-4" aria-labelledby="receipt-sheet-title" data-testid="receipt-sheet">
      <div className="card-body">
        <h2 id="receipt-sheet-title" className="h4" tabIndex={-1} ref={heading}>
          {t("title")}
        </h2>
        <p className="mb-1">
          {t("call")}: {callTitle}
        </p>
        <p className="mb-1">
          {t("organisation")}: {organisationName}
        </p>
        <p className="mb-3">
          {t("castAt")}: {when}
        </p>
        <div className="alert alert-warning" data-testid="receipt-shown-once">
          <p className="fw-semibold mb-1">{t("shownOnceTitle")}</p>
          <p className="mb-0">{t("shownOnce")}</p>
        </div>
        <ul className="list-unstyled mb-3">
          {lines.map((l) => (
            <li key={l.code} className="border-bottom py-2" data-testid="receipt-line">
              <p className="fw-semibold mb-1">{`${l.reference ?? ""} ${l.title}`.trim()}</p>
              <p className="mb-1">
                {t("ballot")}: {l.valueText}
              </p>
              <p className="mb-0">
                {t("code")}:{" "}
                <code className="fs-6 text-break" data-testid="receipt-token">
                  {l.code}
                </code>
              </p>
            </li>
          ))}
        </ul>
        <p className="small">
          {t.rich("howToCheckPage", {
            link: (chunks) => (
              <Link href="/receipts" data-testid="receipt-check-page-link">
                {chunks}
              </Link>
            ),
          })}
        </p>
        <div className="receipt-sheet-actions d-flex flex-wrap gap-2">
          <button type="button" className="btn btn-primary" onClick={copy}>
            {t("copy")}
          </button>
          <button type="button" className="btn btn-outline-primary" onClick={download}>
            {t("download")}
          </button>
          <button type="button" className="btn btn-outline-primary" onClick={() => window.print()}>
            {t("print")}
          </button>
        </div>
        <p className="receipt-sheet-actions mt-2 mb-0" role="status" aria-live="polite" data-testid="receipt-notice">
          {notice}
        </p>
      </div>
    </section>
  );
}
