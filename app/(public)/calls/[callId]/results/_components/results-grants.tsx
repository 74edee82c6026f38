import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { listGrantsOfProposals } from "@/lib/incentives/grant-queries";
import { formatCents } from "@/lib/money";

/**
 * For the promoters of the call's coalition, once the results are out: each funded proposal's
 * grants (one per partner), each a link to its grant page. Nobody else sees this section.
 */
export async function ResultsGrants({ db, actor, coalitionId, funded }: { db: Db; actor: Actor | null; coalitionId: string; funded: { proposalId: string; title: string }[] }) {
  if (!actor || funded.length === 0 || !(await isCoalitionPromoter(db, actor, coalitionId))) return null;
  const grants = await listGrantsOfProposals(db, funded.map((f) => f.proposalId));
  if (grants.length === 0) return null;
  const t = await getTranslations("grants.resultsLinks");
  const locale = await getLocale();
  return (
    <section aria-labelledby="grants-title" className="mb-4" data-testid="results-grants">
      <h2 id="grants-title" className="h4">
        {t("title")}
      </h2>
      <p className="form-hint">{t("lead")}</p>
      {funded.map((f) => {
        const own = grants.filter((g) => g.proposalId === f.proposalId);
        if (own.length === 0) return null;
        return (
          <div key={f.proposalId} className="mb-3">
            <h3 className="h6 text-break">{t("of", { proposal: f.title })}</h3>
            <ul>
              {own.map((g) => (
                <li key={g.id} className="text-break">
                  <Link href={`/grants/${g.id}`} data-testid="results-grant-link">
                    {t("grantOf", { organisation: g.organisationName, amount: formatCents(g.grantedCents, locale) })}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
