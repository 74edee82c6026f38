import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { encodeCursor, type Cursor } from "@/lib/calls/browse-params";

type Props = {
  /** The page's path, e.g. "/calls". */
  path: string;
  /** The filters to keep on every link (no cursor). */
  query: URLSearchParams;
  /** A cursor, or a token already encoded (lib/paging/keyset). */
  previous?: Cursor | string;
  next?: Cursor | string;
  /** Whether this page is not the first (a cursor is in the URL). */
  hasCursor: boolean;
  /** The rows shown, e.g. "51–100", marked as the current page. */
  current?: string;
  /** The URL parameters of the cursors, when a page has more than one list (default after / before). */
  params?: { after: string; before: string };
};

/**
 * Previous / next links of a keyset-paginated list, as bootstrap-italia draws pagination.
 * Plain links: they work without JavaScript and can be shared.
 */
export async function KeysetPagination({ path, query, previous, next, hasCursor, current, params = { after: "after", before: "before" } }: Props) {
  const t = await getTranslations("find.pagination");
  if (!previous && !next && !hasCursor) return null;
  const href = (cursor?: { key: "after" | "before"; at: Cursor | string }) => {
    const q = new URLSearchParams(query);
    if (cursor) q.set(params[cursor.key], typeof cursor.at === "string" ? cursor.at : encodeCursor(cursor.at));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <nav className="pagination-wrapper mt-4" aria-label={t("label")} data-testid="pagination">
      <ul className="pagination flex-wrap">
        {hasCursor && (
          <li className="page-item">
            <Link className="page-link" href={href()} aria-label={t("firstLabel")}>
              {t("first")}
            </Link>
          </li>
        )}
        {previous && (
          <li className="page-item">
            <Link className="page-link" href={href({ key: "before", at: previous })} aria-label={t("previousLabel")} rel="prev">
              {t("previous")}
            </Link>
          </li>
        )}
        {current && (
          <li className="page-item active">
            <span className="page-link" aria-current="page">
              {current}
            </span>
          </li>
        )}
        {next && (
          <li className="page-item">
            <Link className="page-link" href={href({ key: "after", at: next })} aria-label={t("nextLabel")} rel="next">
              {t("next")}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
