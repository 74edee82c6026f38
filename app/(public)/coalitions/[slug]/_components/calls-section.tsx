import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { isCurrentPhase } from "@/lib/calls/policy";
import { getCoalitionForCalls, listCallsForCoalition, type CallListItem } from "@/lib/calls/queries";
import { now } from "@/lib/clock";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";
import { CallPhaseBadge } from "./call-phase-badge";
import { Countdown } from "./countdown";

type Props = { coalitionId: string; viewer: Actor | null };

/** The coalition's calls for its public page: open and coming, then past; drafts for promoters only. */
export async function CallsSection({ coalitionId, viewer }: Props) {
  const db = await getDb();
  const [coalition, calls] = await Promise.all([
    getCoalitionForCalls(db, viewer, { id: coalitionId }),
    listCallsForCoalition(db, viewer, coalitionId),
  ]);
  if (!coalition) return null;
  const t = await getTranslations("calls");
  const locale = await getLocale();
  const serverNow = now().getTime();

  const groups = [
    { key: "current", title: t("currentTitle"), calls: calls.filter((c) => isCurrentPhase(c.phase)) },
    { key: "past", title: t("pastTitle"), calls: calls.filter((c) => c.phase === "results" || c.phase === "archived") },
    { key: "drafts", title: t("draftsTitle"), calls: calls.filter((c) => c.phase === "draft") },
  ].filter((g) => g.calls.length > 0);

  const item = (c: CallListItem) => (
    <li key={c.id} className="mb-3" data-testid="call-item">
      <Link href={`/coalitions/${coalition.slug}/calls/${c.id}`} className="fw-semibold">
        {c.title || t("untitled")}
      </Link>{" "}
      <CallPhaseBadge phase={c.phase} />
      <div className="small">
        {formatCents(c.budgetCents, locale)}
        {c.themes.length > 0 && ` · ${c.themes.map((v) => t(`themes.${v}` as "themes.erp")).join(", ")}`}
      </div>
      {c.nextDeadline && (
        <div className="small">
          <Countdown event={c.nextDeadline.event} at={c.nextDeadline.at.toISOString()} serverNow={serverNow} absolute={formatRome(c.nextDeadline.at, locale)} />
        </div>
      )}
    </li>
  );

  return (
    <section aria-labelledby="calls-title" className="mt-5" data-testid="coalition-calls">
      <div className="d-flex justify-content-between align-items-start flex-wrap gap-2">
        <h2 id="calls-title" className="h3">
          {t("sectionTitle")}
        </h2>
        {coalition.isPromoter && (
          <Link className="btn btn-primary btn-sm" href={`/coalitions/${coalition.slug}/calls/new`}>
            {t("newCall")}
          </Link>
        )}
      </div>
      {groups.length === 0 && <p>{t("noCalls")}</p>}
      {groups.map((g) => (
        <div key={g.key} className="mt-3">
          <h3 className="h5">{g.title}</h3>
          <ul className="list-unstyled">{g.calls.map(item)}</ul>
        </div>
      ))}
    </section>
  );
}
