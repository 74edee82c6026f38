import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { buildCanonical, canonicalDifferences, canonicalJson, latestSubmission, parseCanonical, sha256Hex, submissionByReference } from "./canonical";
import { RECEIPT_INFO_REFERENCE, RECEIPT_INFO_SHA256 } from "./pdf/receipt";

/**
 * `npm run receipt:verify -- FILE.pdf` (scripts/receipt-verify.ts): checks a submission
 * receipt against the database. Reads from the PDF the reference and the application's
 * SHA-256 (document information: TavoloReference / TavoloApplicationSha256, or Keywords)
 * and the canonical form embedded in it; then
 * 1. the embedded canonical form hashes to the printed SHA-256;
 * 2. the submission with that reference exists, its stored canonical form hashes to its
 *    stored SHA-256, and that is the receipt's;
 * 3. the canonical form computed again from the data in the database now (for the latest
 *    submission of the proposal) is the stored one — otherwise it says which fields differ.
 * Uses unpdf (PDF.js) to read the PDF, so a receipt re-saved by another program still reads.
 */

export type ReceiptFields = { reference: string | null; sha256: string | null; embedded: string | null };

const HASH = /^[0-9a-f]{64}$/;

export async function readReceipt(bytes: Uint8Array): Promise<ReceiptFields> {
  const { getDocumentProxy } = await import("unpdf");
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> & { Custom?: Record<string, unknown>; Keywords?: string } };
  const custom = info.Custom ?? {};
  const keywords = typeof info.Keywords === "string" ? info.Keywords : "";
  const fromKeywords = (name: string) => new RegExp(`${name}=([^;\\s]+)`).exec(keywords)?.[1] ?? null;
  const reference = (typeof custom[RECEIPT_INFO_REFERENCE] === "string" ? (custom[RECEIPT_INFO_REFERENCE] as string) : null) ?? fromKeywords("reference");
  const sha = (typeof custom[RECEIPT_INFO_SHA256] === "string" ? (custom[RECEIPT_INFO_SHA256] as string) : null) ?? fromKeywords("sha256");
  const attachments = ((await pdf.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
  const json = Object.values(attachments).find((a) => a.filename.endsWith(".json"));
  await pdf.destroy();
  return { reference, sha256: sha && HASH.test(sha) ? sha : null, embedded: json ? new TextDecoder().decode(json.content) : null };
}

export type VerifyReport = { ok: boolean; lines: string[] };

export async function verifyReceipt(db: Db, bytes: Uint8Array): Promise<VerifyReport> {
  const lines: string[] = [];
  let ok = true;
  const fail = (line: string) => {
    ok = false;
    lines.push(`DIFFERS: ${line}`);
  };
  let fields: ReceiptFields;
  try {
    fields = await readReceipt(bytes);
  } catch (error) {
    return { ok: false, lines: [`DIFFERS: not a readable PDF (${error instanceof Error ? error.message : String(error)})`] };
  }
  if (!fields.reference || !fields.sha256) return { ok: false, lines: ["DIFFERS: not a Tavolo submission receipt (no reference or SHA-256 in its metadata)"] };
  lines.push(`Receipt: reference ${fields.reference}, application SHA-256 ${fields.sha256}`);

  if (fields.embedded === null) lines.push("Note: no canonical form embedded in the PDF");
  else if (sha256Hex(fields.embedded) !== fields.sha256) fail(`the canonical form embedded in the PDF hashes to ${sha256Hex(fields.embedded)}, not to the printed ${fields.sha256}`);

  const submission = await submissionByReference(db, fields.reference);
  if (!submission) {
    fail(`no submission with reference ${fields.reference} in the database`);
    return { ok, lines };
  }
  lines.push(`Database: submitted ${submission.submittedAt.toISOString()}, SHA-256 ${submission.sha256}`);
  const storedHash = sha256Hex(submission.canonical);
  if (storedHash !== submission.sha256) fail(`the stored canonical form hashes to ${storedHash}, not to the stored ${submission.sha256}`);
  if (submission.sha256 !== fields.sha256) fail(`the receipt's SHA-256 ${fields.sha256} is not the submission's ${submission.sha256}`);
  if (fields.embedded !== null && fields.embedded !== submission.canonical) {
    const diffs = canonicalDifferences(JSON.parse(fields.embedded), JSON.parse(submission.canonical));
    fail(`the embedded canonical form is not the stored one: ${diffs.slice(0, 20).join("; ") || "same data, other bytes"}`);
  }

  const latest = await latestSubmission(db, submission.proposalId);
  if (latest && latest.id !== submission.id) {
    lines.push(`Note: the proposal was submitted again later (${latest.reference}); the data stored now belongs to that submission`);
  } else {
    const [proposal] = await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.id, submission.proposalId));
    if (!proposal) fail("the proposal is no longer in the database");
    else {
      const stored = parseCanonical(submission.canonical);
      const now = await buildCanonical(db, submission.proposalId, { reference: stored.reference, submittedAt: new Date(stored.submittedAt), proposalVersion: stored.proposalVersion });
      const recomputed = sha256Hex(canonicalJson(now));
      if (recomputed !== submission.sha256) {
        fail(`the canonical form computed from the data stored now hashes to ${recomputed}:`);
        for (const d of canonicalDifferences(stored, now).slice(0, 50)) lines.push(`  ${d}`);
      } else lines.push(`Recomputed from the data stored now: ${recomputed}`);
    }
  }
  lines.push(ok ? "OK" : "The receipt does NOT match.");
  return { ok, lines };
}
