import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { StatusBadge } from "@/components/status-badge";
import { requirePageActor } from "@/lib/auth/session";
import { getMunicipality, formatMunicipality } from "@/lib/municipalities";
import { listMyOrganisations } from "@/lib/organisations/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("organisations"))("listTitle") };
}

export default async function OrganisationsPage() {
  const actor = await requirePageActor("/organisations");
  const t = await getTranslations("organisations");
  const rows = await listMyOrganisations(await getDb(), actor);
  return (
    <>
      <div className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-4">
        <h1 className="mb-0">{t("listTitle")}</h1>
        <Link className="btn btn-primary" href="/organisations/new">
          {t("newTitle")}
        </Link>
      </div>
      {rows.length === 0 ? (
        <p>{t("noneYet")}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t("listTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("legalName")}</th>
                <th scope="col">{t("kind")}</th>
                <th scope="col">{t("municipality")}</th>
                <th scope="col">{t("yourRole")}</th>
                <th scope="col">{t("status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => {
                const m = getMunicipality(o.municipalityCode);
                return (
                  <tr key={o.id}>
                    <td>
                      <Link href={`/organisations/${o.id}`}>{o.legalName}</Link>
                    </td>
                    <td>{t(`kinds.${o.kind}`)}</td>
                    <td>{m ? formatMunicipality(m) : o.municipalityCode}</td>
                    <td>{t(`roles.${o.role}`)}</td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
