import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { allowedMoves, editableStatuses, moveRequirements, romeDate, submissionWindowProblem } from "@/lib/incentives/application-machine";
import { moveApplicationAction, recordDisbursementAction, updateApplicationAction } from "@/lib/incentives/actions";
import { intensityBp, maxIntensityBp } from "@/lib/incentives/intensity";
import { getApplication, getApplicationTimeline, getDeMinimisCheck } from "@/lib/incentives/queries";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";
import { ApplicationAmountsForm } from "../../_components/application-amounts-form";
import { ApplicationMoves } from "../../_components/application-moves";
import { ApplicationStatusBadge } from "../../_components/application-status-badge";
import { DisbursementForm } from "../../_components/disbursement-form";
import { formatBp, formatDay } from "../../_components/format";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("funding"))("title") };
}

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const actor = await requirePageActor(`/funding/applications/${id}`);
  const db = await getDb();
  const app = await getApplication(db, actor, id);
  if (!app) notFound();
  const [timeline, deMinimis] = await Promise.all([
    getApplicationTimeline(db, actor, id),
    app.programme.aidRegime === "de_minimis" && ["planned", "preparing"].includes(app.status)
      ? getDeMinimisCheck(db, actor, app.organisationId, app.plannedGrantDate ?? romeDate(now()), app.requestedCents)
      : Promise.resolve(null),
  ]);
  const t = await getTranslations("funding");
  const td = await getTranslations("funding.detail");
  const th = await getTranslations("funding.headroom");
  const tl = await getTranslations("funding.timeline");
  const ts = await getTranslations("funding.statuses");
  const locale = await getLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const maxBp = maxIntensityBp(app.programme, app.organisation.sizeClass);
  // Outside the programme's window the submission is refused: the move is not offered, and the page says why.
  const outsideWindow = editableStatuses.includes(app.status) ? submissionWindowProblem(app.programme, now()) : null;
  const te = await getTranslations("errors");
  const moves = allowedMoves(app.status)
    .filter((to) => !(outsideWindow && to === "submitted"))
    .map((to) => ({ to, fields: moveRequirements[to] }));
  const HIDDEN = new Set(["id", "version", "updatedAt", "createdAt", "createdBy", "organisationId", "programmeId"]);
  const shown = (field: string, value: string | number | null): string => {
    if (value === null || value === "") return "—";
    if (field.endsWith("Cents") && typeof value === "number") return money(value);
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value, locale);
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return formatRome(new Date(value), locale);
    return String(value);
  };
  const fieldLabel = (field: string) => (tl.has(`fields.${field}`) ? tl(`fields.${field}` as "fields.title") : field);
  const editable = app.canEdit && editableStatuses.includes(app.status);

  const rows: [string, React.ReactNode, string?][] = [
    [td("programme"), app.programme.name, "programme"],
    [td("applicant"), app.organisation.legalName],
    ...(app.proposal ? ([[td("proposal"), <Link key="p" href={`/proposals/${app.proposal.id}`}>{app.proposal.title}</Link>]] as [string, React.ReactNode][]) : []),
    [td("status"), <ApplicationStatusBadge key="s" status={app.status} />],
    [td("eligibleCost"), money(app.eligibleCostCents), "eligible"],
    [td("requested"), money(app.requestedCents), "requested"],
    [td("intensity"), td("intensityOf", { value: formatBp(intensityBp(app), locale), max: formatBp(maxBp, locale) }), "intensity"],
    ...(app.plannedGrantDate ? ([[td("plannedGrantDate"), formatDay(app.plannedGrantDate, locale)]] as [string, string][]) : []),
    ...(app.protocolNumber ? ([[td("protocolNumber"), app.protocolNumber, "protocol"]] as [string, string, string][]) : []),
    ...(app.submittedAt ? ([[td("submittedAt"), formatRome(app.submittedAt, locale)]] as [string, string][]) : []),
    ...(app.grantedOn ? ([[td("grantedOn"), formatDay(app.grantedOn, locale)]] as [string, string][]) : []),
    ...(app.grantedCents !== null ? ([[td("granted"), money(app.grantedCents), "granted"]] as [string, string, string][]) : []),
    ...(app.grantedCents !== null ? ([[td("paid"), money(app.disbursedCents), "paid"]] as [string, string, string][]) : []),
    ...(app.cup ? ([[td("cup"), app.cup, "cup"]] as [string, string, string][]) : []),
    ...(app.cor ? ([[td("cor"), app.cor, "cor"]] as [string, string, string][]) : []),
    ...(app.projectEndsOn ? ([[td("projectEndsOn"), formatDay(app.projectEndsOn, locale)]] as [string, string][]) : []),
    ...(app.finalReportDueOn ? ([[td("finalReportDueOn"), formatDay(app.finalReportDueOn, locale)]] as [string, string][]) : []),
    ...(app.statusReason ? ([[td("reason"), app.statusReason, "reason"]] as [string, string, string][]) : []),
  ];

  return (
    <>
      <Breadcrumb trail={[{ href: `/funding?org=${app.organisationId}`, label: t("title") }]} current={app.title} />
      <h1 className="mb-2">{app.title}</h1>
      <p className="mb-4">
        <ApplicationStatusBadge status={app.status} />
      </p>
      <dl className="row" data-testid="application-details">
        {rows.map(([label, value, key]) => (
          <Fragment key={label}>
            <dt className="col-sm-4">{label}</dt>
            <dd className="col-sm-8" data-testid={key ? `detail-${key}` : undefined}>
              {value}
            </dd>
          </Fragment>
        ))}
      </dl>

      {editable && (
        <section aria-labelledby="amounts-title" className="mt-4">
          <h2 id="amounts-title" className="h4">
            {td("amountsTitle")}
          </h2>
          <ApplicationAmountsForm
            applicationId={app.id}
            version={app.version}
            eligibleCostCents={app.eligibleCostCents}
            requestedCents={app.requestedCents}
            plannedGrantDate={app.plannedGrantDate}
            save={updateApplicationAction}
          />
        </section>
      )}

      {deMinimis && (
        <section aria-labelledby="headroom-title" className={`border rounded p-3 mt-4 ${deMinimis.fits ? "" : "border-danger"}`} data-testid="de-minimis-headroom" data-fits={deMinimis.fits}>
          <h2 id="headroom-title" className="h4">
            {th("title")}
          </h2>
          <p className="mb-2">{th("intro", { date: formatDay(deMinimis.grantDate, locale), used: money(deMinimis.usedCents), headroom: money(deMinimis.headroomCents) })}</p>
          {deMinimis.fits ? (
            <p className="mb-2 text-success fw-semibold">{th("fits", { requested: money(deMinimis.requestedCents) })}</p>
          ) : (
            <p className="mb-2 text-danger fw-semibold" role="alert">
              {th("exceeds", {
                requested: money(deMinimis.requestedCents),
                headroom: money(deMinimis.headroomCents),
                over: money(deMinimis.requestedCents - deMinimis.headroomCents),
              })}
            </p>
          )}
          <Link href={`/organisations/${app.organisationId}/de-minimis`}>{th("ledger")}</Link>
        </section>
      )}

      {app.canEdit && app.status === "granted" && app.grantedCents !== null && app.disbursedCents < app.grantedCents && (
        <section aria-labelledby="paid-title" className="mt-5">
          <h2 id="paid-title" className="h4">
            {t("paid.title")}
          </h2>
          <DisbursementForm applicationId={app.id} version={app.version} leftLabel={money(app.grantedCents - app.disbursedCents)} record={recordDisbursementAction} />
        </section>
      )}

      {app.canEdit && (
      <section aria-labelledby="moves-title" className="mt-5">
        <h2 id="moves-title" className="h4">
          {t("moves.title")}
        </h2>
        {outsideWindow && (
          <p className="alert alert-warning" data-testid="submit-unavailable" data-reason={outsideWindow.key}>
            {te(outsideWindow.key as "incentiveProgrammeClosed", { at: new Date(String(outsideWindow.values?.at)) })}
          </p>
        )}
        <ApplicationMoves applicationId={app.id} version={app.version} moves={moves} requestedLabel={money(app.requestedCents)} move={moveApplicationAction} />
      </section>
      )}

      <section aria-labelledby="timeline-title" className="mt-5">
        <h2 id="timeline-title" className="h4">
          {tl("title")}
        </h2>
        {timeline.length === 0 ? (
          <p>{tl("none")}</p>
        ) : (
          <ol className="list-unstyled" data-testid="application-timeline">
            {timeline.map((e) => (
              <li key={e.id} className="border-start border-3 ps-3 mb-3" data-testid="timeline-entry">
                <div>
                  <strong>{formatRome(e.at, locale)}</strong> · {e.actorName ?? "—"}
                </div>
                <div>
                  {e.fromStatus && e.toStatus ? (
                    <>
                      {tl("moved")}: {tl("from", { from: ts(e.fromStatus), to: ts(e.toStatus) })}
                    </>
                  ) : e.kind === "created" ? (
                    tl("created")
                  ) : e.kind === "disbursed" ? (
                    tl("disbursed")
                  ) : (
                    tl("updated")
                  )}
                </div>
                {e.changes.filter((c) => !HIDDEN.has(c.field)).length > 0 && (
                  <ul className="small mb-0">
                    {e.changes
                      .filter((c) => !HIDDEN.has(c.field))
                      .map((c) => (
                        <li key={c.field}>
                          {fieldLabel(c.field)}: {e.kind === "created" ? shown(c.field, c.after) : `${shown(c.field, c.before)} → ${shown(c.field, c.after)}`}
                        </li>
                      ))}
                  </ul>
                )}
                {e.reason && (
                  <div className="small">
                    {td("reason")}: {e.reason}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <p className="mt-4">
        <Link href={`/funding?org=${app.organisationId}`}>{td("backToDesk")}</Link>
      </p>
    </>
  );
}
