import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { listMyProposals } from "@/lib/proposals/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("proposals"))("myTitle") };
}

export default async function MyProposalsPage() {
  const actor = await requirePageActor("/proposals");
  const rows = await listMyProposals(await getDb(), actor);
  const t = await getTranslations("proposals");
  const format = await getFormatter();
  return (
    <>
      <h1 className="mb-4">{t("myTitle")}</h1>
      {rows.length === 0 ? (
        <p>{t("noneYet")}</p>
      ) : (
        <div className="table-responsive">
          <table className="table" data-testid="my-proposals">
            <caption className="visually-hidden">{t("myTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("title")}</th>
                <th scope="col">{t("call")}</th>
                <th scope="col">{t("leadOrganisation")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("lastChange")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/proposals/${p.id}/edit`}>{p.title}</Link>
                    {p.reference && <span className="ms-2 text-muted">{p.reference}</span>}
                  </td>
                  <td>{p.callTitle}</td>
                  <td>{p.leadName}</td>
                  <td>{t(`statuses.${p.status}`)}</td>
                  <td>{format.dateTime(p.updatedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
