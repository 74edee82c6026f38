import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { CallPhaseBadge } from "@/app/(public)/coalitions/[slug]/_components/call-phase-badge";
import { Countdown } from "@/app/(public)/coalitions/[slug]/_components/countdown";
import type { PublicCallItem } from "@/lib/calls/browse";
import { formatCents } from "@/lib/money";
import { formatRome } from "@/lib/time";

type Props = { call: Omit<PublicCallItem, "nextDeadline"> & { nextDeadline: PublicCallItem["nextDeadline"] }; serverNow: number; headingLevel?: "h2" | "h3" };

/** One call in a public list: where it belongs, its phase and the next deadline counting down. */
export async function PublicCallCard({ call, serverNow, headingLevel = "h2" }: Props) {
  const t = await getTranslations("find.calls");
  const tc = await getTranslations("calls");
  const tk = await getTranslations("organisations.kinds");
  const locale = await getLocale();
  const Heading = headingLevel;
  const headingId = `call-${call.id}`;
  return (
    <article className="card card-bg h-100" aria-labelledby={headingId} data-testid="public-call">
      <div className="card-body">
        <div className="mb-2">
          <CallPhaseBadge phase={call.phase} />
        </div>
        <Heading id={headingId} className="h5 card-title">
          <Link href={`/coalitions/${call.coalitionSlug}/calls/${call.id}`}>{call.title}</Link>
        </Heading>
        <p className="small mb-1">{t("coalitionOf", { name: call.coalitionName })}</p>
        <p className="small mb-1">
          {t("budget", { amount: formatCents(call.budgetCents, locale) })}
          {call.themes.length > 0 && ` · ${call.themes.map((v) => tc(`themes.${v}` as "themes.erp")).join(", ")}`}
        </p>
        <p className="small mb-1">{call.leadKinds.length === 0 ? t("anyLead") : t("leadKinds", { kinds: call.leadKinds.map((k) => tk(k as "firm")).join(", ") })}</p>
        {call.nextDeadline && (
          <p className="small mb-0">
            <Countdown event={call.nextDeadline.event} at={call.nextDeadline.at.toISOString()} serverNow={serverNow} absolute={formatRome(call.nextDeadline.at, locale)} />
          </p>
        )}
        {(call.phase === "results" || call.phase === "archived") && (
          <p className="small mb-0">
            <Link href={`/calls/${call.id}/results`}>{t("results")}</Link>
          </p>
        )}
      </div>
    </article>
  );
}
