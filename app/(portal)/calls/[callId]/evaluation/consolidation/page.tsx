import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { formatMean } from "@/lib/evaluation/committee-policy";
import { getConsolidation } from "@/lib/evaluation/committee-queries";
import { formatRomeIn } from "@/lib/time";
import { PageLinks, pageParam } from "../_components/page-links";
import { ApproveButton, ConsolidationForm } from "./_components/consolidation-form";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("committee.consolidation"))("title") };
}

/** The chair's consolidation: the spread per proposal and criterion, the committee's scores, the approval. Anyone but the chair: not found. */
export default async function ConsolidationPage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/evaluation/consolidation`);
  const data = await getConsolidation(await getDb(), actor, callId, pageParam((await searchParams).page));
  if (!data) notFound();
  const t = await getTranslations("committee.consolidation");
  const locale = await getLocale();
  const lang = locale === "en" ? "en" : "it";
  const { call } = data;
  const maxTotal = data.ready ? data.criteria.reduce((a, c) => a + c.maxPoints, 0) : 0;

  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {!data.ready ? (
        <p className="alert alert-info" data-testid="consolidation-waiting">
          {data.progress ? t("waiting", { submitted: data.progress.submitted, assigned: data.progress.assigned }) : t("waitingNone")}
        </p>
      ) : (
        <>
          {data.approved && call.approvedAt ? (
            <div className="alert alert-success" data-testid="consolidation-approved">
              <p className="mb-2">{t("approved", { date: formatRomeIn(call.approvedAt, locale, "il") })}</p>
              <p className="mb-2">
                <a href={`/api/calls/${call.id}/evaluation-report`} download data-testid="report-link">
                  {t("report")}
                </a>
              </p>
              {call.reportSha256 && <p className="mb-0 small text-break">{t("sha", { hash: call.reportSha256 })}</p>}
            </div>
          ) : null}
          <p data-testid="consolidation-complete">
            {t("complete", { complete: data.complete, total: data.total })} {data.pages > 1 ? t("range", { page: data.page, pages: data.pages }) : ""}
          </p>
          {data.proposals.map((p) => {
            const total = p.criteria.reduce((a, c) => a + (c.consolidated?.points ?? 0), 0);
            const done = p.criteria.every((c) => c.consolidated);
            return (
              <section key={p.id} aria-labelledby={`p-${p.id}`} className="border rounded p-3 p-md-4 mb-4" data-testid="consolidation-proposal">
                <h2 id={`p-${p.id}`} className="h4 text-break">
                  {p.reference} — {p.title}
                </h2>
                <p className="mb-2">
                  {p.leadName} · <span className={`badge ${done ? "bg-success" : "bg-warning text-dark"}`}>{done ? t("consolidated") : t("notConsolidated")}</span>
                  {done && <span className="ms-2">{t("total", { total, max: maxTotal })}</span>}
                </p>
                {data.criteria.map((c, i) => {
                  const row = p.criteria[i];
                  return (
                    <div key={c.id} className="table-responsive mb-3">
                      <table className="table table-sm caption-top">
                        <caption className="text-body">{t("spreadCaption", { criterion: c.name, max: c.maxPoints })}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("evaluator")}</th>
                            <th scope="col" className="text-end">
                              {t("points")}
                            </th>
                            <th scope="col">{t("justification")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {row.scores.map((s) => (
                            <tr key={s.evaluatorId}>
                              <td>{s.name}</td>
                              <td className="text-end">{s.points}</td>
                              <td className="text-break" style={{ whiteSpace: "pre-line" }}>
                                {s.justification}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                        {row.spread && (
                          <tfoot>
                            <tr>
                              <td colSpan={3} data-testid="spread">
                                {t("min")} {row.spread.min} · {t("max")} {row.spread.max} · {t("mean")} {formatMean(row.spread.meanNum, row.spread.meanDen, lang)}
                              </td>
                            </tr>
                          </tfoot>
                        )}
                      </table>
                    </div>
                  );
                })}
                {!data.approved && (
                  <ConsolidationForm
                    callId={call.id}
                    proposal={{ id: p.id, title: p.title }}
                    criteria={data.criteria.map((c, i) => ({ ...c, consolidated: p.criteria[i].consolidated }))}
                  />
                )}
                {data.approved && (
                  <dl>
                    {data.criteria.map((c, i) => (
                      <div key={c.id}>
                        <dt>
                          {c.name}: {p.criteria[i].consolidated?.points ?? "—"}/{c.maxPoints}
                        </dt>
                        <dd className="text-break">{p.criteria[i].consolidated?.justification}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </section>
            );
          })}
          <PageLinks path={`/calls/${call.id}/evaluation/consolidation`} page={data.page} pages={data.pages} label={t("title")} previous={t("previous")} next={t("next")} />
          {!data.approved && (
            <section aria-labelledby="approve-title" className="mt-4">
              <h2 id="approve-title" className="h4">
                {t("approveTitle")}
              </h2>
              {data.complete < data.total && <p>{t("approveWhenComplete")}</p>}
              <ApproveButton callId={call.id} disabled={data.complete < data.total} />
            </section>
          )}
        </>
      )}
    </>
  );
}
