import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callAttachmentRequirements, calls, coalitions, documents, organisations, proposals, users } from "@/db/schema";
import { record } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { listProposalAttachments } from "@/lib/documents/attachment-queries";
import { onePagePdf as demoPdf } from "@/lib/documents/pdf/one-page";
import { uploadProposalAttachment } from "@/lib/documents/proposal-attachments";
import { OPEN_CALL_TITLE } from "./calls";
import { DEMO_COALITION, DEMO_ORGANISATIONS, DEMO_SIGN_INS, demoOrganisation } from "./data";
import type { SeedResult } from "./seed";

/** The open call's required attachments (issue 10): one per proposal, one per partner. */
export const DEMO_REQUIREMENTS = [
  {
    scope: "proposal",
    title: "Allegato tecnico",
    description: "Il progetto in dettaglio: architettura, piano di lavoro, rischi. Un PDF firmato dal legale rappresentante del capofila va bene, non è obbligatorio.",
    allowedTypes: ["pdf"],
    signatureRequired: false,
  },
  {
    scope: "partner",
    title: "Lettera di intenti",
    description: "La lettera con cui il partner si impegna nel progetto e nel cofinanziamento indicato, firmata dal legale rappresentante.",
    allowedTypes: ["pdf", "p7m"],
    signatureRequired: false,
  },
] as const;

/**
 * Which partner letters the demo leaves missing, by proposal title: the marketplace draft
 * still lacks the dairy's letter, a missing item the checklist shows. Everything else is there
 * (the logistics draft keeps only its co-financing problem, DEMO.md).
 */
const LEFT_MISSING: Record<string, string[]> = { "Marketplace B2B del distretto": ["caseificio-valle-sacra"] };
/** The university's letter to the ERP proposal comes in a CAdES envelope, so the demo shows a "signed file". */
const ENVELOPED: Record<string, string[]> = { "ERP condiviso per la meccanica canavesana": ["universita"] };

async function openCall(db: Db) {
  const [call] = await db
    .select({ id: calls.id, coalitionId: calls.coalitionId })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, OPEN_CALL_TITLE)));
  return call;
}

async function actorByEmail(db: Db, email: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return { userId: u.id, email: u.email, name: u.name, isPlatformAdmin: u.isPlatformAdmin };
}

/**
 * The open call's requirements. The call is published by then, when the service refuses
 * changes (its rules are frozen): the seed writes them directly, each with its audit entry,
 * before any proposal exists in a fresh database. Idempotent: a call that has any is left alone.
 */
export async function ensureAttachmentRequirements(db: Db, result: SeedResult): Promise<void> {
  const call = await openCall(db);
  if (!call) return;
  const promoter = await actorByEmail(db, DEMO_SIGN_INS.promoter);
  await db.transaction(async (tx) => {
    const existing = await tx.select({ id: callAttachmentRequirements.id }).from(callAttachmentRequirements).where(eq(callAttachmentRequirements.callId, call.id));
    if (existing.length > 0) return;
    const [organisationId] = await promoterOrganisationsRepresentedBy(tx, promoter, call.coalitionId);
    for (const [position, r] of DEMO_REQUIREMENTS.entries()) {
      const values = { ...r, allowedTypes: [...r.allowedTypes], callId: call.id, position };
      const [row] = await tx.insert(callAttachmentRequirements).values(values).returning({ id: callAttachmentRequirements.id });
      await record(tx, {
        actorUserId: promoter.userId,
        organisationId,
        action: "call.attachment_requirement_added",
        entityType: "call",
        entityId: call.id,
        data: { requirementId: row.id, scope: r.scope, title: r.title, description: r.description, allowedTypes: values.allowedTypes, signatureRequired: r.signatureRequired },
      });
      result.changes.push(`required attachment "${r.title}" (${r.scope}) on "${OPEN_CALL_TITLE}"`);
    }
  });
}

/** A one-page PDF saying what it stands for (Helvetica, ASCII text), small and valid. */
export { demoPdf };

function der(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([tag, ...length, ...content]);
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

/**
 * A CMS SignedData envelope (the shape of a CAdES .p7m) carrying the PDF. Demo data: it holds
 * no signer and no certificate, so it proves nothing — it only lets the demo show how Tavolo
 * recognises an enveloped file.
 */
export function demoEnvelope(content: Uint8Array): Uint8Array {
  const oid = (bytes: number[]) => der(0x06, new Uint8Array(bytes));
  const signedData = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  const data = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  const encapsulated = der(0x30, concat(oid(data), der(0xa0, der(0x04, content))));
  const body = der(0x30, concat(der(0x02, new Uint8Array([1])), der(0x31, new Uint8Array()), encapsulated, der(0x31, new Uint8Array())));
  return der(0x30, concat(oid(signedData), der(0xa0, body)));
}

function fileName(title: string, who: string, extension: string): string {
  return `${title}-${who}`.normalize("NFD").replace(/[^\w-]+/g, "-").replace(/-+/g, "-").toLowerCase() + `.${extension}`;
}

/**
 * The demo attachments of one proposal of the open call, uploaded through the service by the
 * demo people themselves (the lead's admin its annex, each partner's admin its letter), so the
 * audit trail tells the story. Only drafts can take files: called before the ERP proposal is
 * submitted, and again at the end for drafts of databases seeded before this chapter.
 * Idempotent: a slot that has a file is left alone.
 */
export async function ensureProposalAttachments(db: Db, proposalId: string, result: SeedResult): Promise<void> {
  const [proposal] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!proposal || proposal.status !== "draft") return;
  const requirements = await db.select().from(callAttachmentRequirements).where(eq(callAttachmentRequirements.callId, proposal.callId)).orderBy(asc(callAttachmentRequirements.position));
  const keyOf = async (organisationId: string) => {
    const [o] = await db.select({ partitaIva: organisations.partitaIva, codiceFiscale: organisations.codiceFiscale }).from(organisations).where(eq(organisations.id, organisationId));
    return DEMO_ORGANISATIONS.find((d) => (d.partitaIva && d.partitaIva === o.partitaIva) || (!d.partitaIva && d.codiceFiscale === o.codiceFiscale))?.key;
  };
  for (const requirement of requirements) {
    const lead = await keyOf(proposal.leadOrganisationId);
    if (!lead) continue;
    const view = await listProposalAttachments(db, await actorByEmail(db, demoOrganisation(lead).people[0].email), proposal.id);
    const slots = view?.requirements.find((r) => r.id === requirement.id)?.slots ?? [];
    for (const slot of slots) {
      if (slot.current) continue;
      const key = await keyOf(slot.organisationId);
      if (!key || LEFT_MISSING[proposal.title]?.includes(key)) continue;
      const org = demoOrganisation(key);
      const pdf = demoPdf([requirement.title, proposal.title, org.legalName, "Documento dimostrativo generato dal seed di Tavolo."]);
      const enveloped = ENVELOPED[proposal.title]?.includes(key);
      const file = new File([Buffer.from(enveloped ? demoEnvelope(pdf) : pdf)], fileName(requirement.title, org.key, enveloped ? "pdf.p7m" : "pdf"));
      await uploadProposalAttachment(db, await actorByEmail(db, org.people[0].email), {
        proposalId: proposal.id,
        requirementId: requirement.id,
        organisationId: requirement.scope === "partner" ? slot.organisationId : undefined,
        file,
      });
      result.changes.push(`attachment "${requirement.title}" of ${org.legalName} to "${proposal.title}"`);
    }
  }
}

/** The end-of-seed pass: every draft of the open call gets its demo attachments (see ensureProposalAttachments). */
export async function ensureAttachments(db: Db, result: SeedResult): Promise<void> {
  const call = await openCall(db);
  if (!call) return;
  // Only the demo's own proposals: drafts people made on a demo instance are theirs to fill.
  const { DEMO_PROPOSALS } = await import("./proposals");
  const titles = new Set(DEMO_PROPOSALS.map((p) => p.title));
  const drafts = await db.select({ id: proposals.id, title: proposals.title }).from(proposals).where(and(eq(proposals.callId, call.id), eq(proposals.status, "draft")));
  for (const d of drafts.filter((d) => titles.has(d.title))) await ensureProposalAttachments(db, d.id, result);
  const orphan = await db
    .select({ title: proposals.title })
    .from(proposals)
    .leftJoin(documents, and(eq(documents.proposalId, proposals.id), isNull(documents.deletedAt)))
    .where(and(eq(proposals.callId, call.id), eq(proposals.status, "submitted"), isNull(documents.id)));
  for (const p of orphan.filter((o) => titles.has(o.title))) result.warnings.push(`"${p.title}" was submitted before the call required attachments: it has none`);
}
