import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { calls, documents, type Call, type DocumentRow } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { isCoalitionPromoter, promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { callDocumentKinds, type CallDocumentKind } from "./call-document-kinds";
import { documentAuditData, insertDocument, replaceDocument } from "./service";
import { readUpload, uploadErrorKeys } from "./upload";

/**
 * A call's own documents (issue 10): the call text, annexes (forms to fill in) and
 * templates, each a versioned series. While the call is a draft its promoters add, replace
 * and delete them freely. Once published they are part of its frozen rules: nothing is
 * deleted, and adding or replacing one is a correction with a reason; a replacement is
 * version + 1 of the series and the old version stays public with its dates.
 * Every change is one transaction with its audit entry (entity: the call).
 */

export { callDocumentKinds, type CallDocumentKind };
export const CALL_DOCUMENT_TITLE_MAX = 200;
export const CORRECTION_REASON_MIN = 10;
export const CORRECTION_REASON_MAX = 1000;

const title = z.string("invalidInput").trim().min(1, "required").max(CALL_DOCUMENT_TITLE_MAX, "tooLong");
const reason = z.string("invalidInput").trim().max(CORRECTION_REASON_MAX, "tooLong").optional().default("");

export const addCallDocumentSchema = z.object({
  callId: z.uuid("invalidInput"),
  kind: z.enum(callDocumentKinds, "invalidInput"),
  title,
  reason,
  file: z.unknown().optional(),
});

export const replaceCallDocumentSchema = z.object({
  documentId: z.uuid("invalidInput"),
  title: title.optional(),
  reason,
  file: z.unknown().optional(),
});

export const deleteCallDocumentSchema = z.object({ documentId: z.uuid("invalidInput") });

/** A server action receives FormData from the browser; tests and the seed pass plain objects. */
function inputOf(input: unknown): unknown {
  if (typeof FormData !== "undefined" && input instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const key of ["callId", "documentId", "kind", "title", "reason", "file"]) {
      const value = input.get(key);
      if (value !== null) out[key] = value;
    }
    if (out.title === "" && out.documentId) delete out.title;
    return out;
  }
  return input;
}

/** Only drafts and published calls (before results) take document changes. */
function acceptsDocuments(call: Call): boolean {
  return call.status === "draft" || call.status === "published";
}

/** Locks the call; a draft is NOT_FOUND to anyone but its promoters, others are FORBIDDEN. Returns the acting organisation. */
async function lockCallForDocuments(tx: Tx, actor: Actor, callId: string): Promise<{ call: Call; organisationId: string }> {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call) throw new AppError("NOT_FOUND", "callNotFound");
  const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, call.coalitionId);
  if (!organisationId) {
    if (call.status === "draft") throw new AppError("NOT_FOUND", "callNotFound");
    throw new AppError("FORBIDDEN", "forbidden");
  }
  if (!acceptsDocuments(call)) throw new AppError("INVALID_STATE", "callRulesFrozen");
  return { call, organisationId };
}

/** A published call's change needs a reason of at least CORRECTION_REASON_MIN characters. */
function requireReason(call: Call, text: string): string | null {
  if (call.status === "draft") return null;
  if (text.length < CORRECTION_REASON_MIN) {
    throw new AppError("VALIDATION", "documentReplacementReasonRequired", { reason: ["documentReplacementReasonRequired"] });
  }
  return text;
}

async function readFile(file: unknown) {
  const read = await readUpload(file);
  if (!read.ok) {
    const key = uploadErrorKeys[read.error];
    throw new AppError("VALIDATION", key, { file: [key] });
  }
  return read.upload;
}

/** A current (not replaced, not deleted) document of a call, locked. */
async function lockCurrentCallDocument(tx: Tx, documentId: string): Promise<DocumentRow> {
  const [doc] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), inArray(documents.kind, [...callDocumentKinds]), isNotNull(documents.callId), isNull(documents.deletedAt)))
    .for("update");
  if (!doc) throw new AppError("NOT_FOUND", "documentNotFound");
  return doc;
}

/**
 * A promoter attaches a document to a draft or published call (published: with a reason).
 * Throws UNAUTHENTICATED, VALIDATION (field "file", "title", "reason"), NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function addCallDocument(db: Db, actor: Actor | null, input: unknown): Promise<{ documentId: string }> {
  const data = parseInput(addCallDocumentSchema, inputOf(input));
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    // Who may act is decided before anything about the file is said.
    const { call, organisationId } = await lockCallForDocuments(tx, who, data.callId);
    const upload = await readFile(data.file);
    const why = requireReason(call, data.reason);
    const doc = await insertDocument(tx, {
      kind: data.kind,
      callId: call.id,
      title: data.title,
      fileName: upload.fileName,
      uploadedBy: who.userId,
      bytes: upload.bytes,
      detected: upload.detected,
    });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "document.uploaded",
      entityType: "call",
      entityId: call.id,
      data: { documentId: doc.id, ...documentAuditData(doc), callStatus: call.status, ...(why ? { correction: true, reason: why } : {}) },
    });
    return { documentId: doc.id };
  });
}

/**
 * A promoter replaces a call's current document with a new file (version + 1 of its series).
 * Published call: a reason is required, the old version stays public (replacedAt). Draft: the
 * old version was never public and is dropped (deletedAt) as well as stamped.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function replaceCallDocument(db: Db, actor: Actor | null, input: unknown): Promise<{ documentId: string; version: number }> {
  const data = parseInput(replaceCallDocumentSchema, inputOf(input));
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const previous = await lockCurrentCallDocument(tx, data.documentId);
    const { call, organisationId } = await lockCallForDocuments(tx, who, previous.callId as string);
    if (previous.replacedAt) throw new AppError("INVALID_STATE", "documentAlreadyReplaced");
    const upload = await readFile(data.file);
    const why = requireReason(call, data.reason);
    const doc = await replaceDocument(tx, previous, {
      title: data.title ?? previous.title,
      fileName: upload.fileName,
      uploadedBy: who.userId,
      bytes: upload.bytes,
      detected: upload.detected,
      replacementReason: why,
    });
    if (call.status === "draft") await tx.update(documents).set({ deletedAt: now() }).where(eq(documents.id, previous.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "document.replaced",
      entityType: "call",
      entityId: call.id,
      data: {
        documentId: doc.id,
        ...documentAuditData(doc),
        replacedDocumentId: previous.id,
        replacedSha256: previous.sha256,
        replacedVersion: previous.version,
        callStatus: call.status,
        ...(why ? { correction: true, reason: why } : {}),
      },
    });
    return { documentId: doc.id, version: doc.version };
  });
}

/** A promoter deletes a draft call's document (soft: deletedAt). Published calls' documents are never deleted. */
export async function deleteCallDocument(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { documentId } = parseInput(deleteCallDocumentSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const doc = await lockCurrentCallDocument(tx, documentId);
    const { call, organisationId } = await lockCallForDocuments(tx, who, doc.callId as string);
    if (call.status !== "draft") throw new AppError("INVALID_STATE", "documentNotDeletable");
    if (doc.replacedAt) throw new AppError("INVALID_STATE", "documentAlreadyReplaced");
    await tx.update(documents).set({ deletedAt: now() }).where(eq(documents.seriesId, doc.seriesId));
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "document.deleted",
      entityType: "call",
      entityId: call.id,
      data: { documentId: doc.id, seriesId: doc.seriesId, title: doc.title, fileName: doc.fileName, sha256: doc.sha256 },
    });
  });
}

export type CallDocumentVersion = {
  id: string;
  version: number;
  title: string;
  fileName: string;
  mediaType: string;
  signed: boolean;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
  replacedAt: Date | null;
  replacementReason: string | null;
};

export type CallDocumentEntry = CallDocumentVersion & { kind: CallDocumentKind; seriesId: string; olderVersions: CallDocumentVersion[] };

const kindOrder: Record<CallDocumentKind, number> = { call_text: 0, call_annex: 1, call_template: 2 };

/**
 * A call's documents as its page shows them: the current version of each series (call text
 * first, then annexes, then templates, in the order attached) with its older versions, newest
 * first. A draft's documents only for its promoters; others get [] (the call is not found).
 */
export async function listCallDocuments(db: Db, viewer: Actor | null, callId: string): Promise<CallDocumentEntry[]> {
  const [call] = await db.select({ status: calls.status, coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, callId));
  if (!call) return [];
  if (call.status === "draft" && !(viewer && (await isCoalitionPromoter(db, viewer, call.coalitionId)))) return [];
  const rows = await db
    .select()
    .from(documents)
    .where(and(eq(documents.callId, callId), inArray(documents.kind, [...callDocumentKinds]), isNull(documents.deletedAt)))
    .orderBy(asc(documents.createdAt), asc(documents.version));
  const version = (d: DocumentRow): CallDocumentVersion => ({
    id: d.id,
    version: d.version,
    title: d.title,
    fileName: d.fileName,
    mediaType: d.mediaType,
    signed: d.signed,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    createdAt: d.createdAt,
    replacedAt: d.replacedAt,
    replacementReason: d.replacementReason,
  });
  const firstCreated = new Map<string, number>();
  for (const d of rows) if (!firstCreated.has(d.seriesId)) firstCreated.set(d.seriesId, d.createdAt.getTime());
  return rows
    .filter((d) => d.replacedAt === null)
    .map((d) => ({
      ...version(d),
      kind: d.kind as CallDocumentKind,
      seriesId: d.seriesId,
      olderVersions: rows
        .filter((o) => o.seriesId === d.seriesId && o.id !== d.id)
        .sort((a, b) => b.version - a.version)
        .map(version),
    }))
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (firstCreated.get(a.seriesId) ?? 0) - (firstCreated.get(b.seriesId) ?? 0));
}
