import { describe, expect, it } from "vitest";
import { parseArgs } from "./args";
import { scriptSources, stylesheetHrefs } from "./assets";
import { formatBytes, formatMs, formatRatio, markdownTable, pageStatus, renderMarkdown, shortPath, textTable, type PageResult, type Report } from "./report";
import { median, percentile, summarise } from "./stats";
import { parseTallyOutput } from "./tally";

describe("percentile (nearest rank)", () => {
  it("gives the smallest value with at least p% at or below it", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  it("handles few values, one value and none", () => {
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([3, 1, 2], 95)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(median([5, 1, 4, 2, 3])).toBe(3);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it("summarises a load run: rate over wall time, percentiles, errors", () => {
    const s = summarise([10, 20, 30, 40], 1, 2000);
    expect(s).toMatchObject({ requests: 4, errors: 1, rps: 2, p50: 20, p95: 40, p99: 40, max: 40 });
  });
});

describe("report", () => {
  it("writes a Markdown table, escaping pipes and line breaks, aligning the numeric columns right", () => {
    const table = markdownTable(["Page", "p95"], [["a|b", "12 ms"], ["two\nlines", "3 ms"]], [1]);
    expect(table.split("\n")).toEqual(["| Page | p95 |", "| --- | ---: |", "| a\\|b | 12 ms |", "| two lines | 3 ms |"]);
    expect(() => markdownTable(["a", "b"], [["only one"]])).toThrow();
  });

  it("pads a text table for the terminal", () => {
    expect(textTable(["x", "value"], [["long name", "1"]], [1]).split("\n")).toEqual(["x          value", "---------  -----", "long name      1"]);
  });

  it("formats figures", () => {
    expect(formatMs(3.14)).toBe("3.1 ms");
    expect(formatMs(1234.4)).toBe("1,234 ms");
    expect(formatMs(14_600)).toBe("14.6 s");
    expect(formatMs(Number.NaN)).toBe("—");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(811_000)).toBe("811.0 kB");
    expect(formatBytes(2_600_000)).toBe("2.60 MB");
    expect(formatRatio(2.04)).toBe("×2.0");
    expect(formatRatio(3200.4)).toBe("×3,200");
    expect(shortPath("/calls/9ac13a8b-1918-4d96-bc63-180fb271f3c5/results?after=WyJDb3N0YSBkYXRpIGFwZXJ0aSAy")).toBe("/calls/<id>/results?after=…");
  });

  const load = { requests: 100, errors: 0, rps: 50, p50: 10, p95: 20, p99: 30, max: 40 };
  const page = (over: Partial<PageResult>): PageResult => ({ name: "p", path: "/", load, ratio: 4, ratioTarget: 10, htmlBytes: 50_000, ...over });

  it("marks a page met only when each of its targets is", () => {
    expect(pageStatus(page({}))).toEqual({ status: "met", missed: [] });
    expect(pageStatus(page({ ratio: 12 })).missed).toEqual(["p95 ratio"]);
    expect(pageStatus(page({ htmlBytes: 2_600_000, firstLoadJs: 200_000 })).missed).toEqual(["size", "first-load JS"]);
    expect(pageStatus(page({ load: { ...load, errors: 3 } })).missed).toEqual(["errors"]);
    expect(pageStatus(page({ load: undefined, error: "answered 500" })).status).toBe("missed");
  });

  it("renders the whole report with the machine, each figure beside its target, and the counts of met and missed", () => {
    const report: Report = {
      date: "2026-11-26 22:40 UTC",
      commit: "abc1234",
      mode: "full",
      machine: { cpu: "Some CPU", cores: 2, ramGb: 24, node: "v22.0.0", postgres: "15.8", os: "Linux", load: "0.10 0.20 0.30" },
      pages: [{ name: "static file", path: "/_next/static/media/x.woff2", load }, page({ name: "home" }), page({ name: "results", ratio: 5, ratioTarget: 3 })],
      figures: [{ measure: "tally", value: "120 ms", target: "< 200 ms", status: "met" }],
      notes: ["a note"],
      totalSeconds: 610,
    };
    const md = renderMarkdown(report);
    expect(md).toContain("- Machine: Some CPU, 2 cores, 24 GB RAM, Linux");
    expect(md).toContain("- Node v22.0.0, PostgreSQL 15.8");
    expect(md).toContain("- Code: abc1234");
    expect(md).toContain("- Targets: 2 met, 1 missed");
    expect(md).toContain("| results `/` | 50.0 | 10 ms | 20 ms | 30 ms | ×5.0 | ≤ ×3 |");
    expect(md).toContain("missed (p95 ratio)");
    expect(md).toContain("| tally | 120 ms | < 200 ms | met |");
    expect(md).toContain("- a note");
    expect(md).toContain("10 min 10 s");
  });
});

describe("page assets", () => {
  it("lists each script source once (not the nomodule polyfills), and the stylesheets", () => {
    const html = `<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/><link rel="preload" href="/x.js" as="script"/>
      <script src="/_next/static/chunks/1.js" async=""></script><script nonce="n" src="/_next/static/chunks/2.js?v=1&amp;x=2"></script>
      <script src="/_next/static/chunks/1.js"></script><script>self.__next_f.push([1])</script>
      <script src="/_next/static/chunks/polyfills.js" noModule="" nonce="n"></script>`;
    expect(scriptSources(html)).toEqual(["/_next/static/chunks/1.js", "/_next/static/chunks/2.js?v=1&x=2"]);
    expect(stylesheetHrefs(html)).toEqual(["/_next/static/chunks/a.css"]);
  });
});

describe("options", () => {
  it("parses the flags and refuses unknown ones", () => {
    expect(parseArgs(["--", "--quick", "--no-build", "--out", "x.md"])).toEqual({ quick: true, build: false, reuseSeed: false, out: "x.md", help: false });
    expect(parseArgs(["--reuse-seed", "--out=y.md"])).toMatchObject({ reuseSeed: true, out: "y.md" });
    expect(() => parseArgs(["--fast"])).toThrow(/unknown option/);
  });
});

describe("the tally bench's output", () => {
  it("reads each state's median, with or without a state name", () => {
    const output = [
      "Voting tally benchmark on pg: 2000 organisations × 100 proposals = 200000 ballots",
      "  seeded in 9000 ms",
      "  stale statistics (analysed before the ballots were written): tally + turnout + ranking + allocation: 90 ms, 80 ms (median 85 ms)",
      "  after analyze: tally + turnout + ranking + allocation: 70 ms, 60 ms (median 65 ms)",
      "  tally + turnout + ranking + allocation: 1300 ms, 1260 ms (median 1260 ms)",
    ].join("\n");
    expect(parseTallyOutput(output).map((s) => [s.state, s.medianMs])).toEqual([
      ["stale statistics (analysed before the ballots were written)", 85],
      ["after analyze", 65],
      ["after ANALYZE", 1260],
    ]);
  });
});
