import { benchQueryCount } from "@/db/client";

/**
 * Bench only (npm run bench): the number of statements this server has sent to the
 * database, read before and after each request measured one at a time. Not found unless
 * the server was started with TAVOLO_BENCH_QUERY_COUNT=1 (db/client.ts).
 */
export const dynamic = "force-dynamic";

export function GET() {
  const count = benchQueryCount();
  if (count === undefined) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return Response.json({ count }, { headers: { "cache-control": "no-store" } });
}
