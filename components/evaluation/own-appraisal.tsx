import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { getOwnAppraisal } from "@/lib/evaluation/applicant";

/** On a proposal's page, for its applicants once results are published: the committee's consolidated scores (issue 14). */
export async function OwnAppraisal({ proposalId }: { proposalId: string }) {
  const appraisal = await getOwnAppraisal(await getDb(), await getCurrentActor(), proposalId);
  if (!appraisal) return null;
  const t = await getTranslations("evaluation.applicant");
  return (
    <section aria-labelledby="own-appraisal-title" className="mt-4 p-4 border rounded" data-testid="own-appraisal">
      <h2 id="own-appraisal-title" className="h4">
        {t("title")}
      </h2>
      <p className="form-hint">{t("intro")}</p>
      <div className="table-responsive" role="region" aria-labelledby="own-appraisal-title" tabIndex={0}>
        <table className="table align-middle">
          <caption className="visually-hidden">{t("title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("criterion")}</th>
              <th scope="col" className="text-end">
                {t("points")}
              </th>
              <th scope="col">{t("justification")}</th>
            </tr>
          </thead>
          <tbody>
            {appraisal.criteria.map((c) => (
              <tr key={c.id} data-testid="own-appraisal-row">
                <th scope="row">{c.name}</th>
                <td className="text-end text-nowrap">{t("pointsValue", { points: c.points, max: c.maxPoints })}</td>
                <td>{c.justification}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("total")}</th>
              <td className="text-end text-nowrap fw-semibold" data-testid="own-appraisal-total">
                {t("pointsValue", { points: appraisal.total, max: appraisal.maxTotal })}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
