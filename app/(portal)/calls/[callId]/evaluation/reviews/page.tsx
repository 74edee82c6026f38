import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb, callTrail } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { listMyReviews } from "@/lib/evaluation/committee-queries";
import { PageLinks, pageParam } from "../_components/page-links";

type Props = { params: Promise<{ callId: string }>; searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("committee.reviews"))("title") };
}

const badge = { excluded: "bg-secondary", to_declare: "bg-warning text-dark", to_score: "bg-primary", submitted: "bg-success" } as const;

/** An evaluator's proposals on a call, each with where they stand. Anyone not on the committee: not found. */
export default async function MyReviewsPage({ params, searchParams }: Props) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/evaluation/reviews`);
  const mine = await listMyReviews(await getDb(), actor, callId, pageParam((await searchParams).page));
  if (!mine) notFound();
  const t = await getTranslations("committee.reviews");
  const tp = await getTranslations("committee.promoter");
  const { call } = mine;
  return (
    <>
      <Breadcrumb trail={callTrail(call)} current={t("title")} />
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>{t("role", { role: tp(`roles.${mine.role}`) })}</p>
      {mine.problem === "evaluationNotStarted" && <p className="alert alert-info">{t("notStarted")}</p>}
      {mine.approved && <p className="alert alert-info">{t("approved")}</p>}
      {mine.progress && (
        <p data-testid="reviews-progress">
          {t("progress", { submitted: mine.progress.submitted, assigned: mine.progress.assigned })}
        </p>
      )}
      {mine.role === "chair" && (
        <p>
          <Link href={`/calls/${call.id}/evaluation/consolidation`}>{t("consolidation")}</Link>
        </p>
      )}
      {mine.problem !== "evaluationNotStarted" && (
        <section aria-labelledby="reviews-list" className="mt-4">
          <h2 id="reviews-list" className="h4">
            {t("count", { count: mine.total })}
          </h2>
          {mine.pages > 1 && <p>{t("range", { count: mine.total, page: mine.page, pages: mine.pages })}</p>}
          <ul className="list-unstyled" data-testid="reviews-list">
            {mine.proposals.map((p) => (
              <li key={p.id} className="border rounded p-3 mb-3" data-testid="review-item" data-state={p.state}>
                <p className="fw-semibold mb-1 text-break">
                  {p.reference} — {p.title}
                </p>
                <p className="mb-2">
                  {t("columns.lead")}: {p.leadName}
                </p>
                <p className="mb-2">
                  <span className={`badge ${badge[p.state]}`}>{t(`states.${p.state}`)}</span>
                  {p.reason && <span className="ms-2">({t(`reasons.${p.reason}`)})</span>}
                </p>
                <Link href={`/calls/${call.id}/evaluation/reviews/${p.id}`} aria-label={t("openAria", { title: p.title })}>
                  {t("open")}
                </Link>
              </li>
            ))}
          </ul>
          <PageLinks path={`/calls/${call.id}/evaluation/reviews`} page={mine.page} pages={mine.pages} label={t("title")} previous={t("previous")} next={t("next")} />
        </section>
      )}
    </>
  );
}
