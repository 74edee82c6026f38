import { z } from "zod";

/** Rows of the ranking shown per page on the results and count pages. */
export const RANKING_PAGE_SIZE = 50;

/** A page number as it comes in the URL: digits only, 1 to 99,999. Anything else is no page. */
const pageNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,4}$/)
  .transform(Number);

/**
 * One page of a ranking already in memory (a published version comes from the data cache,
 * a preview from the tally): the rows, the page, the count and the range, and the page
 * numbers of the previous and next links. A missing, malformed, repeated or out-of-range
 * `page` gives the first page.
 */
export function rankingPage<T>(entries: readonly T[], raw: unknown, size = RANKING_PAGE_SIZE) {
  const total = entries.length;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const parsed = pageNumber.safeParse(raw);
  const page = parsed.success && parsed.data <= pageCount ? parsed.data : 1;
  const start = (page - 1) * size;
  const rows = entries.slice(start, start + size);
  return {
    rows,
    page,
    pageCount,
    total,
    from: rows.length > 0 ? start + 1 : 0,
    to: start + rows.length,
    previous: page > 1 ? String(page - 1) : undefined,
    next: page < pageCount ? String(page + 1) : undefined,
  };
}
