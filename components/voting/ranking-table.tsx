import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { RankedEntry } from "@/db/schema";
import { formatCents } from "@/lib/money";
import { formatTechnical, formatUnit } from "@/components/evaluation/call-evaluation";
import { formatValue } from "./format";

/** The ranking with values and what each proposal received. */
export async function RankingTable({ entries, method }: { entries: RankedEntry[]; method: string }) {
  const t = await getTranslations("voting.results");
  const locale = await getLocale();
  // A ranking that combines the committee's appraisal with the vote (issue 14) shows both and the final score.
  const evaluated = entries.some((e) => e.evaluation);
  const te = evaluated ? await getTranslations("evaluation.columns") : null;
  return (
    <div className="table-responsive" role="region" aria-label={t("rankingTitle")} tabIndex={0}>
      <table className="table align-middle" data-testid="ranking">
        <caption className="visually-hidden">{t("rankingTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("rank")}</th>
            <th scope="col">{t("proposal")}</th>
            <th scope="col">{t("lead")}</th>
            <th scope="col" className="text-end">
              {t(method === "score" ? "valueScore" : "valueApproval")}
            </th>
            <th scope="col" className="text-end">
              {t("ballots")}
            </th>
            {te && (
              <>
                <th scope="col" className="text-end">
                  {te("technical")}
                </th>
                <th scope="col" className="text-end">
                  {te("vote")}
                </th>
                <th scope="col" className="text-end">
                  {te("final")}
                </th>
              </>
            )}
            <th scope="col" className="text-end">
              {t("requested")}
            </th>
            <th scope="col" className="text-end">
              {t("allocated")}
            </th>
            <th scope="col">{t("outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.proposalId} data-testid="ranking-row" data-outcome={e.outcome}>
              <td>{e.rank}</td>
              <td>
                <Link href={`/proposals/${e.proposalId}`}>{e.title}</Link>
                {e.reference && <div className="small text-muted">{e.reference}</div>}
              </td>
              <td>{e.leadName}</td>
              <td className="text-end" data-testid="ranking-value">
                {formatValue(e, method, locale)}
              </td>
              <td className="text-end">{e.ballots}</td>
              {te && (
                <>
                  <td className="text-end text-nowrap" data-testid="ranking-technical">
                    {formatTechnical(e.evaluation)}
                  </td>
                  <td className="text-end" data-testid="ranking-vote">
                    {formatUnit(e.evaluation?.voteNum, e.evaluation?.voteDen, locale)}
                  </td>
                  <td className="text-end fw-semibold" data-testid="ranking-final">
                    {formatUnit(e.evaluation?.finalNum, e.evaluation?.finalDen, locale)}
                  </td>
                </>
              )}
              <td className="text-end text-nowrap">{formatCents(e.requestedCents, locale)}</td>
              <td className="text-end text-nowrap">{formatCents(e.allocatedCents, locale)}</td>
              <td>{t(`outcomes.${e.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
