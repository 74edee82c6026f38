import { getLocale, getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import type { RankedEntry } from "@/db/schema";
import type { rankingPage } from "@/lib/voting/ranking-page";
import { RankingTable } from "./ranking-table";

type Props = {
  /** One page of the ranking (lib/voting/ranking-page.ts). */
  slice: ReturnType<typeof rankingPage<RankedEntry>>;
  method: string;
  /** The page's path and the other parameters its links keep (e.g. the public ballots' cursor). */
  path: string;
  query: URLSearchParams;
  /** Where the whole ranking can be downloaded, shown next to the table. */
  full?: { href: string; label: string; testId: string }[];
};

/** The ranking 50 rows a page: a status line with the count and range, the table, numbered links, the full ranking's files. */
export async function PagedRanking({ slice, method, path, query, full = [] }: Props) {
  const t = await getTranslations("voting.results");
  const locale = await getLocale();
  const integer = new Intl.NumberFormat(locale);
  const paged = slice.pageCount > 1;
  const range = `${integer.format(slice.from)}–${integer.format(slice.to)}`;
  return (
    <>
      <p role="status" data-testid="ranking-count">
        {t("rankingCount", { total: slice.total })}
        {paged && `, ${t("rankingRange", { from: integer.format(slice.from), to: integer.format(slice.to) })}`}
      </p>
      {full.length > 0 && (
        <ul className="list-inline mb-2" data-testid="full-ranking">
          {full.map((f) => (
            <li key={f.href} className="list-inline-item me-3">
              <a href={f.href} download data-testid={f.testId}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      <RankingTable entries={slice.rows} method={method} />
      <KeysetPagination path={path} query={query} previous={slice.previous} next={slice.next} hasCursor={slice.page > 1} current={paged ? range : undefined} params={{ after: "page", before: "page" }} />
    </>
  );
}
