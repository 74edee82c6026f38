import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitions } from "@/db/schema";
import { CSV_BOM, CSV_RECORD_END, csvRecord, money, type CsvCell } from "@/lib/csv";
import { now } from "@/lib/clock";
import { DATASETS, isDatasetName, type Column, type DatasetName, type Row } from "./datasets";

/** The licence of every dataset (stated in the JSON, in the HTTP headers of both formats, and on the catalogue page). */
export const LICENCE = {
  id: "CC-BY-4.0",
  name: "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
  url: "https://creativecommons.org/licenses/by/4.0/",
} as const;

export const OPEN_DATA_FORMATS = ["csv", "json"] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

/** Rows read per query: a download holds about one batch in memory, whatever its length. */
export const OPEN_DATA_BATCH = 1_000;

/** "grants.csv" → { dataset: "grants", format: "csv" }; anything else → null (a 404). */
export function parseDatasetFile(file: string): { dataset: DatasetName; format: OpenDataFormat } | null {
  const m = /^([a-z]+)\.(csv|json)$/.exec(file);
  if (!m || !isDatasetName(m[1])) return null;
  return { dataset: m[1], format: m[2] as OpenDataFormat };
}

/** The stable address of a dataset. */
export function datasetPath(slug: string, dataset: DatasetName, format: OpenDataFormat): string {
  return `/api/open-data/${encodeURIComponent(slug)}/${dataset}.${format}`;
}

export async function findPublicCoalition(db: Db, slug: string): Promise<{ id: string; slug: string; name: string } | null> {
  if (slug.length === 0 || slug.length > 200) return null;
  const [row] = await db.select({ id: coalitions.id, slug: coalitions.slug, name: coalitions.name }).from(coalitions).where(eq(coalitions.slug, slug));
  return row ?? null;
}

function csvCell(column: Column, value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "money":
      return money(Number(value));
    case "number":
      return Number(value);
    case "datetime":
      return value instanceof Date ? value : new Date(String(value));
    case "boolean":
      return value === true || value === "t" || value === "true" ? "sì" : "no";
    default:
      return String(value);
  }
}

function jsonValue(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "money":
    case "number":
      return Number(value);
    case "datetime":
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    case "boolean":
      return value === true || value === "t" || value === "true";
    default:
      return String(value);
  }
}

export type StreamOptions = {
  batchSize?: number;
  /** Called with each batch's row count as it is read (tests check that batches stay bounded). */
  onBatch?: (rows: number) => void;
};

/**
 * A dataset as a byte stream, read in keyset batches only when the reader asks for more
 * (pull), so a slow client never makes the server hold more than a batch or two. CSV: BOM,
 * Italian header, one record per row through lib/csv.ts (formula-like text neutralised).
 * JSON: { licence, dataset, coalition, generatedAt, columns, rows: [...] }.
 */
export function datasetStream(
  db: Db | Tx,
  coalition: { id: string; slug: string; name: string },
  dataset: DatasetName,
  format: OpenDataFormat,
  options: StreamOptions = {},
): ReadableStream<Uint8Array> {
  const { columns, batch } = DATASETS[dataset];
  const size = options.batchSize ?? OPEN_DATA_BATCH;
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  let first = true;
  let done = false;

  const head = (): string =>
    format === "csv"
      ? CSV_BOM + csvRecord(columns.map((col) => col.header)) + CSV_RECORD_END
      : `{"licence":${JSON.stringify(LICENCE)},"dataset":${JSON.stringify(dataset)},"coalition":${JSON.stringify({ slug: coalition.slug, name: coalition.name })},` +
        `"generatedAt":${JSON.stringify(now().toISOString())},"columns":${JSON.stringify(columns.map(({ key, header, type }) => ({ key, header, type })))},"rows":[`;

  const body = (rows: Row[]): string => {
    if (format === "csv") return rows.map((r) => csvRecord(columns.map((col) => csvCell(col, r[col.key]))) + CSV_RECORD_END).join("");
    const text = rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((col) => [col.key, jsonValue(col, r[col.key])])))).join(",");
    const out = (first || text === "" ? "" : ",") + text;
    if (text !== "") first = false;
    return out;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(head()));
          return;
        }
        if (done) return;
        try {
          const { rows, next } = await batch(db, coalition.id, cursor, size);
          options.onBatch?.(rows.length);
          const text = body(rows);
          if (text) controller.enqueue(encoder.encode(text));
          cursor = next;
          if (next === null) {
            done = true;
            if (format === "json") controller.enqueue(encoder.encode("]}"));
            controller.close();
          }
        } catch (error) {
          controller.error(error);
        }
      },
    },
    // One chunk ahead at most: the next batch is read when the client has taken this one.
    { highWaterMark: 1 },
  );
}
