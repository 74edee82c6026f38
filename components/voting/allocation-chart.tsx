import { getLocale, getTranslations } from "next-intl/server";
import type { RankedEntry } from "@/db/schema";
import { formatCents } from "@/lib/money";

type Props = {
  entries: RankedEntry[];
  budgetCents: number;
  allocatedCents: number;
  skippedCents: number;
  /** When the entries are one page of a longer ranking: their range, said under the chart. */
  shown?: { from: number; to: number; total: number };
};

const colour = { allocated: "#008055", skipped: "#cc334d", not_allocated: "#5d7083", below_threshold: "#5d7083" } as const;

/**
 * The allocation as bars drawn on the server (no chart library): one bar per proposal
 * in rank order, its length the amount requested against the call budget, its colour
 * the outcome; the budget itself on top, split into allocated and remaining. The same
 * numbers follow in a table for those who do not see the picture.
 */
export async function AllocationChart({ entries, budgetCents, allocatedCents, skippedCents, shown }: Props) {
  const t = await getTranslations("voting.chart");
  const to = await getTranslations("voting.results.outcomes");
  const locale = await getLocale();
  const money = (c: number) => formatCents(c, locale);
  const remaining = budgetCents - allocatedCents;
  const scale = Math.max(budgetCents, ...entries.map((e) => e.requestedCents), 1);
  const labelWidth = 220;
  const barArea = 560;
  const rowHeight = 34;
  const top = 60;
  const width = labelWidth + barArea + 20;
  const height = top + entries.length * rowHeight + 10;
  const w = (cents: number) => Math.max(0, (cents / scale) * barArea);
  const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);

  return (
    <figure className="mb-4" data-testid="allocation-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="chart-title chart-desc" style={{ maxWidth: width }}>
        <title id="chart-title">{t("title")}</title>
        <desc id="chart-desc">{t("description", { budget: money(budgetCents), allocated: money(allocatedCents), remaining: money(remaining) })}</desc>
        <text x={0} y={22} fontSize={14} fill="#1a1a1a">
          {t("budget")}
        </text>
        <rect x={labelWidth} y={8} width={w(budgetCents)} height={20} fill="#e6e9f2" />
        <rect x={labelWidth} y={8} width={w(allocatedCents)} height={20} fill={colour.allocated} />
        <text x={labelWidth + 4} y={44} fontSize={12} fill="#1a1a1a">
          {t("budgetLine", { allocated: money(allocatedCents), remaining: money(remaining) })}
        </text>
        {entries.map((e, i) => {
          const y = top + i * rowHeight;
          return (
            <g key={e.proposalId}>
              <text x={0} y={y + 17} fontSize={13} fill="#1a1a1a">
                {`${e.rank}. ${short(e.title)}`}
              </text>
              <rect x={labelWidth} y={y + 4} width={w(e.requestedCents)} height={20} fill={colour[e.outcome]} opacity={e.outcome === "allocated" ? 1 : 0.55} />
              <text x={labelWidth + w(e.requestedCents) + 6 > labelWidth + barArea - 150 ? labelWidth + 6 : labelWidth + w(e.requestedCents) + 6} y={y + 18} fontSize={12} fill={labelWidth + w(e.requestedCents) + 6 > labelWidth + barArea - 150 ? "#ffffff" : "#1a1a1a"}>
                {`${money(e.requestedCents)} — ${to(e.outcome)}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small">
        {t("caption")}
        {shown && shown.total > entries.length && (
          <>
            {" "}
            <span data-testid="allocation-chart-range">{t("pageNote", { from: new Intl.NumberFormat(locale).format(shown.from), to: new Intl.NumberFormat(locale).format(shown.to), total: new Intl.NumberFormat(locale).format(shown.total) })}</span>
          </>
        )}
      </figcaption>
      <table className="table table-sm mt-3" data-testid="allocation-table">
        <caption>{t("tableCaption")}</caption>
        <tbody>
          <tr>
            <th scope="row">{t("budget")}</th>
            <td className="text-end">{money(budgetCents)}</td>
          </tr>
          <tr>
            <th scope="row">{t("allocated")}</th>
            <td className="text-end" data-testid="allocated-total">
              {money(allocatedCents)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t("skipped")}</th>
            <td className="text-end">{money(skippedCents)}</td>
          </tr>
          <tr>
            <th scope="row">{t("remaining")}</th>
            <td className="text-end">{money(remaining)}</td>
          </tr>
        </tbody>
      </table>
    </figure>
  );
}
