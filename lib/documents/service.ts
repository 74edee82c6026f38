import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { documents, type DocumentKind, type DocumentRow } from "@/db/schema";
import { now } from "@/lib/clock";
import type { DetectedFile } from "./file-type";
import { putBlob } from "./storage";

export type NewDocument = {
  kind: DocumentKind;
  callId?: string | null;
  proposalId?: string | null;
  organisationId?: string | null;
  requirementId?: string | null;
  title: string;
  /** Already sanitised (readUpload does it; sanitiseFileName for generated files). */
  fileName: string;
  uploadedBy: string;
  /** A new series when absent; a replacement passes the series and version + 1 (see replaceDocument). */
  seriesId?: string;
  version?: number;
  replacementReason?: string | null;
  bytes: Uint8Array;
  detected: DetectedFile;
};

/**
 * Keeps the bytes (deduplicated) and inserts the document row, inside the caller's
 * transaction: if anything later in it fails, neither stays. The caller audits.
 */
export async function insertDocument(tx: Tx, input: NewDocument): Promise<DocumentRow> {
  const { sha256, sizeBytes } = await putBlob(tx, input.bytes);
  const [row] = await tx
    .insert(documents)
    .values({
      seriesId: input.seriesId ?? randomUUID(),
      version: input.version ?? 1,
      kind: input.kind,
      callId: input.callId ?? null,
      proposalId: input.proposalId ?? null,
      organisationId: input.organisationId ?? null,
      requirementId: input.requirementId ?? null,
      title: input.title,
      fileName: input.fileName,
      mediaType: input.detected.mediaType,
      signed: input.detected.signed,
      sizeBytes,
      sha256,
      replacementReason: input.replacementReason ?? null,
      uploadedBy: input.uploadedBy,
      createdAt: now(),
    })
    .returning();
  return row;
}

/**
 * A new version of `previous` (same series, version + 1, same owner columns); the old one
 * is stamped replacedAt and stays readable. Lock `previous` first (select … for update).
 */
export async function replaceDocument(
  tx: Tx,
  previous: DocumentRow,
  input: Omit<NewDocument, "kind" | "callId" | "proposalId" | "organisationId" | "requirementId" | "seriesId" | "version">,
): Promise<DocumentRow> {
  const at = now();
  await tx.update(documents).set({ replacedAt: at }).where(eq(documents.id, previous.id));
  return insertDocument(tx, {
    ...input,
    kind: previous.kind,
    callId: previous.callId,
    proposalId: previous.proposalId,
    organisationId: previous.organisationId,
    requirementId: previous.requirementId,
    seriesId: previous.seriesId,
    version: previous.version + 1,
  });
}

/** What the audit trail keeps of a document (never its bytes). */
export function documentAuditData(d: DocumentRow) {
  return {
    kind: d.kind,
    title: d.title,
    fileName: d.fileName,
    mediaType: d.mediaType,
    signed: d.signed,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    seriesId: d.seriesId,
    version: d.version,
    callId: d.callId,
    proposalId: d.proposalId,
    organisationId: d.organisationId,
    requirementId: d.requirementId,
  };
}
