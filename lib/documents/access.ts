import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, documents, expenseLines, expenseReports, proposals, type DocumentRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { AppError } from "@/lib/errors";
import { requireGrantReader } from "@/lib/incentives/grant-permissions";
import { getProposalAccess } from "@/lib/proposals/access";

export type DocumentAccess = {
  canRead: boolean;
  /** Anyone may read it (a published call's document): downloads may be cached publicly. */
  isPublic: boolean;
};

const none: DocumentAccess = { canRead: false, isPublic: false };

type DocumentRef = Pick<DocumentRow, "id" | "kind" | "callId" | "proposalId" | "deletedAt">;

/**
 * Who may download a document, checked on every download:
 * - call documents (text, annexes, templates): anyone once the call is published; while it
 *   is a draft, its coalition's promoters only;
 * - proposal attachments: people of the organisations involved in the proposal, and the
 *   call's promoters once it is submitted — never the public, even when the proposal's page is;
 * - invoices: whoever may read the grant whose expense line carries it (the grant
 *   organisation's members; once the report is submitted, also the coalition's promoters
 *   and platform admins) — never the public;
 * - deleted documents: nobody.
 */
export async function documentAccess(db: Db | Tx, actor: Actor | null, document: DocumentRef): Promise<DocumentAccess> {
  if (document.deletedAt) return none;
  if (document.kind === "call_text" || document.kind === "call_annex" || document.kind === "call_template") {
    if (!document.callId) return none;
    const [call] = await db.select({ status: calls.status, coalitionId: calls.coalitionId }).from(calls).where(eq(calls.id, document.callId));
    if (!call) return none;
    if (call.status !== "draft") return { canRead: true, isPublic: true };
    return { canRead: actor ? await isCoalitionPromoter(db, actor, call.coalitionId) : false, isPublic: false };
  }
  if (document.kind === "proposal_attachment") {
    if (!document.proposalId || !actor) return none;
    const [proposal] = await db
      .select({ id: proposals.id, status: proposals.status, callId: proposals.callId })
      .from(proposals)
      .where(eq(proposals.id, document.proposalId));
    if (!proposal) return none;
    const access = await getProposalAccess(db, actor, proposal);
    return { canRead: access.isInvolved || (access.isPromoter && proposal.status !== "draft"), isPublic: false };
  }
  if (document.kind === "invoice") return invoiceAccess(db, actor, document.id);
  return none;
}

/** An invoice is read by the readers of the grant whose expense line carries it. */
async function invoiceAccess(db: Db | Tx, actor: Actor | null, documentId: string): Promise<DocumentAccess> {
  if (!actor) return none;
  const [line] = await db
    .select({ grantId: expenseReports.grantId, status: expenseReports.status })
    .from(expenseLines)
    .innerJoin(expenseReports, eq(expenseReports.id, expenseLines.reportId))
    .where(eq(expenseLines.documentId, documentId));
  if (!line) return none;
  try {
    const access = await requireGrantReader(db, actor, line.grantId);
    // A draft's invoices are the organisation's own until the report is submitted.
    return { canRead: line.status !== "draft" || access.membership !== null, isPublic: false };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return none;
    throw error;
  }
}

export async function canReadDocument(db: Db | Tx, actor: Actor | null, document: DocumentRef): Promise<boolean> {
  return (await documentAccess(db, actor, document)).canRead;
}

/** A document the actor may download, with its access, or null ("not found" for everyone else). */
export async function findReadableDocument(db: Db, actor: Actor | null, documentId: string) {
  const [document] = await db.select().from(documents).where(eq(documents.id, documentId));
  if (!document) return null;
  const access = await documentAccess(db, actor, document);
  return access.canRead ? { document, isPublic: access.isPublic } : null;
}
