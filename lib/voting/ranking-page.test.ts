import { describe, expect, it } from "vitest";
import { RANKING_PAGE_SIZE, rankingPage } from "./ranking-page";

const ranking = Array.from({ length: 1000 }, (_, i) => ({ rank: i + 1 }));

describe("rankingPage", () => {
  it("shows 50 rows a page, each row once across the pages", () => {
    const seen: number[] = [];
    let p = rankingPage(ranking, undefined);
    expect(p).toMatchObject({ page: 1, pageCount: 20, total: 1000, from: 1, to: 50, previous: undefined, next: "2" });
    for (;;) {
      expect(p.rows.length).toBeLessThanOrEqual(RANKING_PAGE_SIZE);
      seen.push(...p.rows.map((r) => r.rank));
      if (!p.next) break;
      p = rankingPage(ranking, p.next);
    }
    expect(p).toMatchObject({ page: 20, from: 951, to: 1000, previous: "19", next: undefined });
    expect(seen).toEqual(ranking.map((r) => r.rank));
  });

  it("a last page with fewer rows", () => {
    expect(rankingPage(ranking.slice(0, 120), "3")).toMatchObject({ page: 3, pageCount: 3, from: 101, to: 120, previous: "2", next: undefined });
  });

  it("an empty or short ranking is one page", () => {
    expect(rankingPage([], "1")).toMatchObject({ rows: [], page: 1, pageCount: 1, total: 0, from: 0, to: 0, previous: undefined, next: undefined });
    expect(rankingPage(ranking.slice(0, 7), undefined)).toMatchObject({ page: 1, pageCount: 1, from: 1, to: 7, next: undefined });
  });

  it.each([["0"], ["-1"], ["21"], ["99999"], ["999999999999"], ["1e3"], ["2.5"], [" 2"], ["02"], ["0x2"], ["abc"], [""], [["2", "3"]], [{ page: 2 }], [2], [null], ["Infinity"], ["NaN"]])(
    "a hostile or out-of-range page (%j) gives the first page",
    (raw) => {
      const p = rankingPage(ranking, raw);
      expect(p.page).toBe(1);
      expect(p.rows[0]).toEqual({ rank: 1 });
      expect(p.rows).toHaveLength(50);
    },
  );
});
