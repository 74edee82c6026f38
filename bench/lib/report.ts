/**
 * The benchmark's report (issue 13): the table printed at the end of `npm run bench` and
 * written to bench/results.md. Pure: figures in, text out.
 */
import type { LoadSummary } from "./stats";

export type Status = "met" | "missed" | "—";

export type Machine = { cpu: string; cores: number; ramGb: number; node: string; postgres: string; os: string; load: string };

/** One key page (or the static file) under load, with what was measured one request at a time. */
export type PageResult = {
  name: string;
  path: string;
  load?: LoadSummary;
  /** p95 of the page ÷ p95 of the static file, and its target (e.g. 10 for ×10). */
  ratio?: number;
  ratioTarget?: number;
  htmlBytes?: number;
  /** Queries of one request (median of a few, sequential). */
  queries?: number;
  /** Gzipped bytes of the scripts the page loads (public pages only). */
  firstLoadJs?: number;
  /** What went wrong measuring it (the other figures stay). */
  error?: string;
};

/** Any other figure: a value beside its target. */
export type Figure = { measure: string; value: string; target: string; status: Status; note?: string };

export type Report = {
  date: string;
  /** The code measured: a commit, and whether the working tree differed from it. */
  commit: string;
  mode: string;
  machine: Machine;
  pages: PageResult[];
  figures: Figure[];
  notes: string[];
  totalSeconds: number;
};

export const HTML_LIMIT = 1_000_000;
export const FIRST_LOAD_JS_LIMIT = 150_000;

// ---------------------------------------------------------------------------------------------
// Numbers

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms).toLocaleString("en-US")} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return "—";
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

export function formatNumber(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return "—";
  return `×${r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString("en-US")}`;
}

/** "met" when the value is known and within the target, "missed" when known and not, "—" when unknown. */
export function within(value: number | undefined, limit: number): Status {
  if (value === undefined || !Number.isFinite(value)) return "—";
  return value <= limit ? "met" : "missed";
}

/** The page's targets together: missed if any is missed (naming which), met if all known ones are met. */
export function pageStatus(p: PageResult): { status: Status; missed: string[] } {
  if (p.error || !p.load) return { status: "missed", missed: ["error"] };
  const checks: [string, Status][] = [];
  if (p.ratioTarget !== undefined) checks.push(["p95 ratio", within(p.ratio, p.ratioTarget)]);
  if (p.htmlBytes !== undefined) checks.push(["size", within(p.htmlBytes, HTML_LIMIT)]);
  if (p.firstLoadJs !== undefined) checks.push(["first-load JS", within(p.firstLoadJs, FIRST_LOAD_JS_LIMIT)]);
  if (p.load.errors > 0) checks.push(["errors", "missed"]);
  const missed = checks.filter(([, s]) => s === "missed").map(([name]) => name);
  if (missed.length > 0) return { status: "missed", missed };
  return { status: checks.some(([, s]) => s === "met") ? "met" : "—", missed };
}

// ---------------------------------------------------------------------------------------------
// Tables

/** A Markdown table; `|` and line breaks inside cells are escaped. Columns listed in `right` are right-aligned. */
export function markdownTable(headers: string[], rows: string[][], right: number[] = []): string {
  const cell = (s: string) => s.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = headers.map((_, i) => (right.includes(i) ? "---:" : "---"));
  for (const row of rows) if (row.length !== headers.length) throw new Error(`a row has ${row.length} cells for ${headers.length} columns`);
  return [line(headers), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** The same table padded for a terminal. */
export function textTable(headers: string[], rows: string[][], right: number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const pad = (s: string, i: number) => (right.includes(i) ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const PAGE_HEADERS = ["Page", "req/s", "p50", "p95", "p99", "p95 ÷ static p95", "target", "HTML", "queries/request", "first-load JS", "status"];
const PAGE_RIGHT = [1, 2, 3, 4, 5, 7, 8, 9];
const FIGURE_HEADERS = ["Measure", "Figure", "Target", "Status"];

/** The path as the table shows it: ids as <id>, a long cursor cut. */
export function shortPath(path: string): string {
  return path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<id>").replace(/([?&]after=)[^&]{12,}/, "$1…");
}

export function pageRows(pages: PageResult[]): string[][] {
  return pages.map((p) => {
    const { status, missed } = pageStatus(p);
    const isStatic = p.ratioTarget === undefined && p.htmlBytes === undefined;
    const errors = p.load && p.load.errors > 0 ? ` (${p.load.errors} errors)` : "";
    return [
      `${p.name} \`${shortPath(p.path)}\``,
      p.load ? formatNumber(p.load.rps, 1) + errors : "—",
      formatMs(p.load?.p50),
      formatMs(p.load?.p95),
      formatMs(p.load?.p99),
      isStatic ? "×1 (the reference)" : formatRatio(p.ratio),
      p.ratioTarget !== undefined ? `≤ ×${p.ratioTarget}` : "—",
      formatBytes(p.htmlBytes),
      p.queries === undefined ? "—" : formatNumber(p.queries),
      formatBytes(p.firstLoadJs),
      p.error ? `missed: ${p.error}` : isStatic ? "—" : missed.length > 0 ? `missed (${missed.join(", ")})` : status,
    ];
  });
}

export function figureRows(figures: Figure[]): string[][] {
  return figures.map((f) => [f.measure, f.note ? `${f.value} (${f.note})` : f.value, f.target, f.status]);
}

/** bench/results.md. */
export function renderMarkdown(r: Report): string {
  const m = r.machine;
  const met = [...r.pages.map((p) => pageStatus(p).status), ...r.figures.map((f) => f.status)];
  const count = (s: Status) => met.filter((x) => x === s).length;
  return [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.ts) from one run; do not edit by hand. Targets: issue 13, item 3.",
    "",
    `- Date: ${r.date}`,
    `- Code: ${r.commit}`,
    `- Mode: ${r.mode}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}; load average at the start ${m.load}`,
    `- Node ${m.node}, PostgreSQL ${m.postgres}`,
    `- Run time: ${Math.round(r.totalSeconds / 60)} min ${Math.round(r.totalSeconds % 60)} s`,
    `- Targets: ${count("met")} met, ${count("missed")} missed`,
    "",
    "## Pages (10 concurrent connections; queries, HTML and first-load JS measured one request at a time)",
    "",
    markdownTable(PAGE_HEADERS, pageRows(r.pages), PAGE_RIGHT),
    "",
    "## Other figures",
    "",
    markdownTable(FIGURE_HEADERS, figureRows(r.figures)),
    "",
    ...(r.notes.length > 0 ? ["## Notes", "", ...r.notes.map((n) => `- ${n}`), ""] : []),
  ].join("\n");
}

/** What the terminal shows at the end. */
export function renderText(r: Report): string {
  return [
    textTable(PAGE_HEADERS, pageRows(r.pages), PAGE_RIGHT),
    "",
    textTable(FIGURE_HEADERS, figureRows(r.figures)),
  ].join("\n");
}
