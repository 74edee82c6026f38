import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { SuccessMessage } from "@/components/confirm-dialog";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { formatMunicipality, getMunicipality } from "@/lib/municipalities";
import { listPendingOrganisations } from "@/lib/organisations/queries";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { ReviewActions } from "./_components/review-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("pendingTitle") };
}

export default async function PendingOrganisationsPage({ searchParams }: { searchParams: Promise<{ done?: string; after?: string; before?: string }> }) {
  const { done, ...query } = await searchParams;
  const after = decodeKeyCursor(typeof query.after === "string" ? query.after : undefined, "number");
  const before = decodeKeyCursor(typeof query.before === "string" ? query.before : undefined, "number");
  const actor = await requirePageActor("/admin/organisations");
  if (!actor.isPlatformAdmin) notFound();
  const t = await getTranslations("admin");
  const to = await getTranslations("organisations");
  const format = await getFormatter();
  // 50 a page, oldest first: a backlog of thousands never loads at once.
  const list = await listPendingOrganisations(await getDb(), actor, { after, before });
  const rows = list.organisations;
  const integer = new Intl.NumberFormat((await getLocale()) === "en" ? "en-GB" : "it-IT");
  const paged = list.total > rows.length;
  const range = `${integer.format(list.from)}–${integer.format(list.to)}`;
  return (
    <>
      <h1 className="mb-2">{t("pendingTitle")}</h1>
      {done === "verified" && <SuccessMessage>{(await getTranslations("confirm"))("done.organisationVerified")}</SuccessMessage>}
      {done === "rejected" && <SuccessMessage>{(await getTranslations("confirm"))("done.organisationRejected")}</SuccessMessage>}
      <p className="mb-4">
        <Link href="/admin/sessions">{t("sessionsLink")}</Link>
        {" · "}
        <Link href="/admin/audit" data-testid="admin-audit-link">
          {(await getTranslations("auditLog"))("link")}
        </Link>
      </p>
      <p role="status" data-testid="pending-count">
        {list.total === 0 ? t("noPending") : t("pendingCount", { count: list.total })}
        {paged && `, ${range}`}
      </p>
      {rows.map((o) => {
        const m = getMunicipality(o.municipalityCode);
        return (
          <section key={o.id} className="card-wrapper card-space mb-4" aria-labelledby={`org-${o.id}`} data-testid="pending-organisation">
            <div className="card card-bg">
              <div className="card-body">
                <h2 id={`org-${o.id}`} className="h4 card-title">
                  {o.legalName}
                </h2>
                <p className="mb-2">
                  {to(`kinds.${o.kind}`)} · {m ? formatMunicipality(m) : o.municipalityCode}
                  {o.partitaIva && ` · ${to("partitaIva")} ${o.partitaIva}`}
                  {o.codiceFiscale && ` · ${to("codiceFiscale")} ${o.codiceFiscale}`}
                  {o.codiceIpa && ` · ${to("codiceIpa")} ${o.codiceIpa}`}
                  {o.atecoCode && ` · ATECO ${o.atecoCode}`}
                  {o.sizeClass && ` · ${to(`sizes.${o.sizeClass}`)}`}
                </p>
                <p className="form-hint">
                  {t("requestedBy", { name: o.creatorName ?? "—", email: o.creatorEmail ?? "—" })} ·{" "}
                  {format.dateTime(o.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                </p>
                <ReviewActions organisationId={o.id} name={o.legalName} />
              </div>
            </div>
          </section>
        );
      })}
      <KeysetPagination path="/admin/organisations" query={new URLSearchParams()} previous={list.previous} next={list.next} hasCursor={Boolean(after ?? before)} current={paged ? range : undefined} />
    </>
  );
}
