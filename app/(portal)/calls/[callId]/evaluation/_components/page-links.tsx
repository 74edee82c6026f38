import Link from "next/link";

/** Previous / next page links of a numbered list (plain links: they work without JavaScript). */
export function PageLinks({ path, page, pages, label, previous, next }: { path: string; page: number; pages: number; label: string; previous: string; next: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pagination-wrapper mt-3" aria-label={label} data-testid="pagination">
      <ul className="pagination flex-wrap">
        {page > 1 && (
          <li className="page-item">
            <Link className="page-link" href={`${path}?page=${page - 1}`} rel="prev">
              {previous}
            </Link>
          </li>
        )}
        <li className="page-item active">
          <span className="page-link" aria-current="page">
            {page} / {pages}
          </span>
        </li>
        {page < pages && (
          <li className="page-item">
            <Link className="page-link" href={`${path}?page=${page + 1}`} rel="next">
              {next}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** A page number from the URL: 1–9,999, anything else gives the first page. */
export function pageParam(value: unknown): number {
  return typeof value === "string" && /^[1-9]\d{0,3}$/.test(value) ? Number(value) : 1;
}
