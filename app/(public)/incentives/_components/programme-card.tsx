import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ProgrammeListItem } from "@/lib/incentives/programmes";
import { programmeWindow } from "@/lib/incentives/radar";
import { formatCents } from "@/lib/money";
import { formatRomeIn } from "@/lib/time";
import { intensitySummary, WindowBadge } from "./programme-bits";

/** One programme in the public catalogue: who grants it, the regime, the window and the intensities. */
export async function ProgrammeCard({ programme: p, at }: { programme: ProgrammeListItem; at: Date }) {
  const t = await getTranslations("incentives");
  const locale = await getLocale();
  const window = programmeWindow(p, at);
  const headingId = `programme-${p.id}`;
  return (
    <article className="card card-bg h-100" aria-labelledby={headingId} data-testid="programme-card">
      <div className="card-body">
        <div className="mb-2 d-flex flex-wrap gap-2">
          <WindowBadge window={window} />
          <span className="badge bg-light text-dark border">{t(`levels.${p.level}`)}</span>
        </div>
        <h2 id={headingId} className="h5 card-title">
          <Link href={`/incentives/${p.id}`}>{p.name}</Link>
        </h2>
        <p className="small mb-1">
          {p.authority}
          {p.fund && ` · ${p.fund}`}
          {p.coalitionName && ` · ${t("ofCoalition", { name: p.coalitionName })}`}
        </p>
        <p className="small mb-1">
          {t(`regimes.${p.aidRegime}`)}
          {p.aidRegime === "gber" && p.gberArticle && ` ${t("gberArticle", { article: p.gberArticle })}`} · {t(`procedures.${p.procedure}`)}
        </p>
        <p className="small mb-1">{t("intensities", { list: await intensitySummary(p) })}</p>
        {p.maxAidCents > 0 && <p className="small mb-1">{t("maxAidUpTo", { amount: formatCents(p.maxAidCents, locale) })}</p>}
        <p className="small mb-0">
          {window === "upcoming" && p.opensAt
            ? t("opensOn", { date: formatRomeIn(p.opensAt, locale, "il") })
            : window === "open"
              ? p.closesAt
                ? t("closesOn", { date: formatRomeIn(p.closesAt, locale, "il") })
                : t("untilFundsRunOut")
              : window === "exhausted" && p.fundsExhaustedAt
                ? t("exhaustedOn", { date: formatRomeIn(p.fundsExhaustedAt, locale, "il") })
                : p.closesAt && t("closedOn", { date: formatRomeIn(p.closesAt, locale, "il") })}
        </p>
      </div>
    </article>
  );
}
