import { getDb } from "@/db/client";
import { notFoundResponse } from "@/lib/documents/response";
import { datasetStream, findPublicCoalition, LICENCE, parseDatasetFile } from "@/lib/opendata/stream";

/**
 * A coalition's open data (issue 12, item 6): /api/open-data/<slug>/<dataset>.csv|json, public,
 * streamed in keyset batches (lib/opendata). Licence CC BY 4.0, stated in the `Link` and
 * `X-License` headers (and in the JSON and on the catalogue page). An unknown coalition,
 * dataset or format is "not found". Cached briefly: the data changes only with a decision.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; file: string }> }) {
  const { slug, file } = await params;
  const parsed = parseDatasetFile(file);
  if (!parsed) return notFoundResponse();
  const db = await getDb();
  const coalition = await findPublicCoalition(db, slug);
  if (!coalition) return notFoundResponse();
  const fileName = `${coalition.slug}-${parsed.dataset}.${parsed.format}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(datasetStream(db, coalition, parsed.dataset, parsed.format), {
    headers: {
      "Content-Type": parsed.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `${parsed.format === "csv" ? "attachment" : "inline"}; filename="${fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=300",
      Link: `<${LICENCE.url}>; rel="license"`,
      "X-License": LICENCE.id,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
