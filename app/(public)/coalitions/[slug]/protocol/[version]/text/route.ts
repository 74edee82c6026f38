import { getDb } from "@/db/client";
import { getCoalitionBySlug } from "@/lib/coalitions/queries";
import { canonicalProtocolText } from "@/lib/protocol/canonical";
import { getPublishedVersion } from "@/lib/protocol/queries";

/**
 * The exact text of a published version (lib/protocol/canonical.ts): `sha256sum` of this
 * file is the fingerprint members adhered to. Public, like the version's page.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; version: string }> }) {
  const { slug, version } = await params;
  const number = /^[1-9]\d{0,5}$/.test(version) ? Number(version) : null;
  const db = await getDb();
  const coalition = number === null ? null : await getCoalitionBySlug(db, slug);
  const found = coalition && number !== null ? await getPublishedVersion(db, coalition.id, number) : null;
  if (!found) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(canonicalProtocolText(found), {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="protocollo-v${found.version}.txt"`,
      "x-content-type-options": "nosniff",
    },
  });
}
