import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { WindowBadge } from "@/app/(public)/incentives/_components/programme-bits";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { listManageableProgrammes, mayManageCatalogue } from "@/lib/incentives/programmes";
import { programmeWindow } from "@/lib/incentives/radar";
import { formatRome } from "@/lib/time";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("incentives.manage"))("title") };
}

/** The entries of the catalogue the person keeps: the global ones for platform admins, their coalitions' for promoters. */
export default async function ManageProgrammesPage() {
  const actor = await requirePageActor("/incentives/manage");
  const db = await getDb();
  if (!(await mayManageCatalogue(db, actor))) notFound();
  const programmes = await listManageableProgrammes(db, actor);
  const t = await getTranslations("incentives.manage");
  const ti = await getTranslations("incentives");
  const locale = await getLocale();
  const at = now();
  return (
    <>
      <nav aria-label={ti("breadcrumb")} className="mb-3">
        <Link href="/incentives">{ti("backToCatalogue")}</Link>
      </nav>
      <h1 className="mb-2">{t("title")}</h1>
      <p className="lead">{actor.isPlatformAdmin ? t("introAdmin") : t("introPromoter")}</p>
      <p>
        <Link className="btn btn-primary" href="/incentives/manage/new" data-testid="new-programme">
          {t("new")}
        </Link>
      </p>
      {programmes.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-responsive">
          <table className="table" data-testid="manage-programmes">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colName")}</th>
                <th scope="col">{t("colCatalogue")}</th>
                <th scope="col">{t("colWindow")}</th>
                <th scope="col">{t("colUpdated")}</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/incentives/manage/${p.id}`}>{p.name}</Link>
                    <div className="small">{p.authority}</div>
                  </td>
                  <td>{p.coalitionName ?? t("global")}</td>
                  <td>
                    <WindowBadge window={programmeWindow(p, at)} />
                  </td>
                  <td>{formatRome(p.updatedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
