import { Breadcrumb } from "@/components/breadcrumb";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { AuditAnchor } from "@/components/audit/audit-anchor";
import { Markdown } from "@/components/markdown";
import { getDb } from "@/db/client";
import { listAnchorsFor } from "@/lib/audit/queries";
import { getCurrentActor } from "@/lib/auth/session";
import { getCall, type CallDetail } from "@/lib/calls/queries";
import { now } from "@/lib/clock";
import { formatCents } from "@/lib/money";
import { formatRome, formatRomeIn, type ItalianDatePreposition, utcToRomeLocal } from "@/lib/time";
import { CallPhaseBadge } from "../../_components/call-phase-badge";
import { CallProtocolThemes } from "../../_components/protocol-sections";
import { Countdown } from "../../_components/countdown";
import { CallDocuments } from "./_components/call-documents";
import { CallFaq } from "./_components/call-faq";
import { CallProposals } from "./_components/call-proposals";
import { CallRequirements } from "./_components/call-requirements";
import { CallCriteria } from "@/components/evaluation/call-evaluation";
import { PromoterActions } from "./_components/promoter-actions";
import { SuccessMessage } from "@/components/confirm-dialog";
import { DecidedInMeeting } from "@/components/meetings/decided-in-meeting";

type Props = { params: Promise<{ slug: string; callId: string }>; searchParams: Promise<{ done?: string; after?: string | string[]; before?: string | string[] }> };

async function load(params: Props["params"]) {
  const { slug, callId } = await params;
  if (!z.uuid().safeParse(callId).success) return null;
  const call = await getCall(await getDb(), await getCurrentActor(), callId);
  return call && call.coalitionSlug === slug ? call : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const call = await load(params);
  return { title: call?.title || "404" };
}

function percent(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
}

/** The eligibility rules in sentences. */
async function eligibility(call: CallDetail, locale: string): Promise<string[]> {
  const t = await getTranslations("calls");
  const to = await getTranslations("organisations");
  const or = new Intl.ListFormat(locale, { type: "disjunction" });
  const and = new Intl.ListFormat(locale, { type: "conjunction" });
  const kinds = (list: string[]) => or.format(list.map((k) => t(`kindsArticle.${k}` as "kindsArticle.firm")));
  return [
    call.minPartners === call.maxPartners
      ? t("rules.partnersExactly", { count: call.minPartners })
      : t("rules.partners", { min: call.minPartners, max: call.maxPartners }),
    ...(call.requiredPartnerKinds.length > 0 ? [t("rules.required", { kinds: kinds(call.requiredPartnerKinds) })] : []),
    call.leadKinds.length > 0 ? t("rules.lead", { kinds: kinds(call.leadKinds) }) : t("rules.leadAny"),
    call.sizeClasses.length > 0
      ? t("rules.sizes", { sizes: and.format(call.sizeClasses.map((s) => to(`sizes.${s}` as "sizes.small"))) })
      : t("rules.sizesAny"),
    t("rules.maxRequest", { amount: formatCents(call.maxRequestCents, locale) }),
    ...(call.minCofinancingBp > 0 ? [t("rules.cofinancing", { percent: percent(call.minCofinancingBp, locale) })] : []),
    call.allowLowerRequest ? t("rules.requestedLower") : t("rules.requestedExact"),
  ];
}

export default async function CallPage({ params, searchParams }: Props) {
  const { done, after, before } = await searchParams;
  const call = await load(params);
  if (!call) notFound();
  const locale = await getLocale();
  const t = await getTranslations("calls");
  // "dal 1° dicembre…", "all'8 dicembre…": the Italian preposition comes with the date.
  const date = (d: Date | null) => (d ? formatRome(d, locale) : t("details.notSet"));
  const windowEdge = (key: "from" | "to", d: Date | null) =>
    d ? t(`details.${key}`, { date: formatRomeIn(d, locale, (key === "from" ? "dal" : "al") satisfies ItalianDatePreposition) }) : t("details.notSet");
  const rules = await eligibility(call, locale);
  const serverNow = now().getTime();
  // As stored when the call was published (calls imported by the seed were not, and have none).
  const published = (await listAnchorsFor(await getDb(), { entityType: "call", entityId: call.id })).find((a) => a.action === "call.published");

  return (
    <>
      <Breadcrumb trail={[{ href: `/coalitions/${call.coalitionSlug}`, label: call.coalitionName }]} current={call.title || t("untitled")} />
      <h1 className="mb-2">{call.title || t("untitled")}</h1>
      {done === "published" && call.phase !== "draft" && <SuccessMessage>{(await getTranslations("confirm"))("done.callPublished")}</SuccessMessage>}
      <p className="mb-2">
        <CallPhaseBadge phase={call.phase} />
      </p>
      <DecidedInMeeting callId={call.id} />
      <p className="lead" data-testid="next-deadline">
        {call.nextDeadline ? (
          <Countdown
            event={call.nextDeadline.event}
            at={call.nextDeadline.at.toISOString()}
            serverNow={serverNow}
            absolute={formatRome(call.nextDeadline.at, locale)}
          />
        ) : call.resultsPublishedAt ? (
          t("details.resultsPublishedAt", { date: formatRome(call.resultsPublishedAt, locale) })
        ) : (
          t("details.noDeadline")
        )}
      </p>

      <div className="row g-5">
        <div className="col-lg-7">
          <h2 className="h4">{t("details.description")}</h2>
          <Markdown>{call.description}</Markdown>

          <h2 className="h4 mt-4">{t("details.eligibility")}</h2>
          <ul data-testid="eligibility">
            {rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <CallRequirements callId={call.id} />
          <CallCriteria call={call} />
        </div>
        <div className="col-lg-5">
          <dl className="mb-4" data-testid="call-facts">
            <dt>{t("details.themes")}</dt>
            <dd>{call.themes.map((v) => t(`themes.${v}` as "themes.erp")).join(", ") || "—"}</dd>
            <CallProtocolThemes coalitionId={call.coalitionId} keys={call.protocolThemes} />
            <dt>{t("details.sectors")}</dt>
            <dd>{call.sectors.map((v) => t(`sectors.${v}` as "sectors.industry")).join(", ") || "—"}</dd>
            <dt>{t("details.budget")}</dt>
            <dd data-testid="call-budget">{formatCents(call.budgetCents, locale)}</dd>
            <dt>{t("details.maxRequest")}</dt>
            <dd>{formatCents(call.maxRequestCents, locale)}</dd>
            <dt>{t("details.minCofinancing")}</dt>
            <dd>{percent(call.minCofinancingBp, locale)}</dd>
            <dt>{t("details.votingMethod")}</dt>
            <dd>{t(`votingMethods.${call.votingMethod}`)}</dd>
            <dt>{t("details.quorum")}</dt>
            <dd>{percent(call.quorumBp, locale)}</dd>
            <dt>{t("details.ballots")}</dt>
            <dd>{call.ballotsPublic ? t("details.ballotsPublic") : t("details.ballotsTotals")}</dd>
          </dl>
          <h2 className="h5">{t("details.windows")}</h2>
          <dl data-testid="call-windows">
            <dt>{t("details.submission")}</dt>
            <dd>
              {windowEdge("from", call.submissionOpensAt)}
              <br />
              <span data-testid="submission-deadline">{windowEdge("to", call.submissionClosesAt)}</span>
            </dd>
            <dt>{t("details.voting")}</dt>
            <dd>
              {windowEdge("from", call.votingOpensAt)}
              <br />
              {windowEdge("to", call.votingClosesAt)}
            </dd>
          </dl>
          {published && <AuditAnchor anchor={published} />}
        </div>
      </div>

      <CallDocuments call={call} />
      <CallFaq call={call} />

      <CallProposals
        callId={call.id}
        coalitionId={call.coalitionId}
        phase={call.phase}
        viewer={await getCurrentActor()}
        isPromoter={call.isPromoter}
        path={`/coalitions/${call.coalitionSlug}/calls/${call.id}`}
        after={typeof after === "string" ? after : undefined}
        before={typeof before === "string" ? before : undefined}
      />

      {call.isPromoter && (
        <section aria-labelledby="promoter-title" className="mt-5 p-4 border rounded">
          <h2 id="promoter-title" className="h4">
            {t("promoterTitle")}
          </h2>
          <PromoterActions
            callId={call.id}
            slug={call.coalitionSlug}
            phase={call.phase}
            currentDeadline={call.submissionClosesAt ? utcToRomeLocal(call.submissionClosesAt) : ""}
            currentDeadlineText={date(call.submissionClosesAt)}
            votingOpensText={date(call.votingOpensAt)}
          />
          {call.evaluationMode !== "none" && call.status !== "draft" && (
            <p className="mt-3 mb-0">
              <a href={`/calls/${call.id}/evaluation`} data-testid="committee-link">
                {(await getTranslations("committee.promoter"))("linkFromCall")}
              </a>
            </p>
          )}
        </section>
      )}
    </>
  );
}
