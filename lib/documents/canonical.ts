import { createHash } from "node:crypto";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitions, documents, organisations, proposalBudgetLines, proposalPartners, proposalSubmissions, proposals, type ProposalSubmission, type SubmittedAttachment } from "@/db/schema";

/**
 * The canonical form of a submitted proposal: the text whose SHA-256 the submission
 * receipt prints, so a firm can prove later exactly what it submitted and when.
 *
 * The text is JSON written so that the same data always gives the same bytes:
 * - object keys sorted by their UTF-16 code units (JavaScript's default sort), at every depth;
 * - no insignificant white space (no spaces or line breaks between tokens);
 * - strings as JSON.stringify writes them (UTF-8, only `"`, `\` and control characters escaped);
 * - numbers are integers only: amounts are euro cents (`…Cents`), never decimals;
 * - moments are ISO 8601 in UTC with milliseconds (`2026-01-10T09:00:00.000Z`);
 * - missing values are `null`, never left out;
 * - lists in a fixed order: partners by organisation id, each partner's budget lines by
 *   position, attachments by (organisation id, requirement id, sha256); a proposal's own
 *   lists (indicators, milestones, sectors) keep the order the lead gave them.
 * The SHA-256 is taken over the UTF-8 bytes of that text and written in lower-case hex.
 *
 * What it holds (format "tavolo.submission/1"): the reference, the moment of submission,
 * the proposal's version, the call (id, title, coalition), the proposal's fields, the
 * accepted partners (only they count; `isLead` marks the lead) with their identifiers,
 * budget lines and co-financing, the totals, and the current attachments (title, file name,
 * type, size, signed or not, SHA-256 of the file; replaced and deleted versions left out).
 * The proposal's status is not in it: it changes after submission (admissible, selected…)
 * while what was submitted does not.
 */
export const CANONICAL_FORMAT = "tavolo.submission/1";

export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

/** The canonical JSON text of a value (see above). Throws on a non-integer number or an unsupported value. */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Canonical numbers are safe integers, not ${value}`);
    return String(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`Not representable in the canonical form: ${typeof value}`);
}

/** Lower-case hex SHA-256 of a text's UTF-8 bytes, or of bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export type CanonicalBudgetLine = { position: number; category: string; description: string; amountCents: number };
export type CanonicalPartner = {
  organisationId: string;
  legalName: string;
  kind: string;
  sizeClass: string | null;
  partitaIva: string | null;
  codiceFiscale: string | null;
  isLead: boolean;
  roleDescription: string;
  contribution: string;
  cofinancingCents: number;
  costCents: number;
  budgetLines: CanonicalBudgetLine[];
};
export type CanonicalAttachment = {
  organisationId: string | null;
  requirementId: string | null;
  title: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  signed: boolean;
  sha256: string;
};
export type CanonicalSubmission = {
  format: typeof CANONICAL_FORMAT;
  reference: string;
  submittedAt: string;
  proposalVersion: number;
  call: { id: string; title: string; coalitionName: string };
  proposal: {
    id: string;
    title: string;
    summary: string;
    problem: string;
    solutionType: string | null;
    objectives: string;
    indicators: { name: string; baseline: string; target: string; unit: string }[];
    milestones: { title: string; month: number }[];
    durationMonths: number | null;
    sectors: string[];
    leadOrganisationId: string;
    requestedCents: number;
  };
  partners: CanonicalPartner[];
  totals: { costCents: number; cofinancingCents: number; requestedCents: number };
  attachments: CanonicalAttachment[];
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical data of a proposal as it is in the database now, stamped with the
 * submission's reference, moment and version. Read inside the caller's transaction.
 */
export async function buildCanonical(
  db: Db | Tx,
  proposalId: string,
  stamp: { reference: string; submittedAt: Date; proposalVersion: number },
): Promise<CanonicalSubmission> {
  const [p] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!p) throw new Error(`No proposal ${proposalId}`);
  const [call] = await db
    .select({ id: calls.id, title: calls.title, coalitionName: coalitions.name })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(eq(calls.id, p.callId));
  const partnerRows = await db
    .select({
      organisationId: proposalPartners.organisationId,
      legalName: organisations.legalName,
      kind: organisations.kind,
      sizeClass: organisations.sizeClass,
      partitaIva: organisations.partitaIva,
      codiceFiscale: organisations.codiceFiscale,
      isLead: proposalPartners.isLead,
      roleDescription: proposalPartners.roleDescription,
      contribution: proposalPartners.contribution,
      cofinancingCents: proposalPartners.cofinancingCents,
    })
    .from(proposalPartners)
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(and(eq(proposalPartners.proposalId, p.id), eq(proposalPartners.status, "accepted")));
  const lines = await db
    .select()
    .from(proposalBudgetLines)
    .where(eq(proposalBudgetLines.proposalId, p.id))
    .orderBy(asc(proposalBudgetLines.position), asc(proposalBudgetLines.id));
  const attachmentRows = await db
    .select({
      organisationId: documents.organisationId,
      requirementId: documents.requirementId,
      title: documents.title,
      fileName: documents.fileName,
      mediaType: documents.mediaType,
      sizeBytes: documents.sizeBytes,
      signed: documents.signed,
      sha256: documents.sha256,
    })
    .from(documents)
    .where(and(eq(documents.proposalId, p.id), eq(documents.kind, "proposal_attachment"), isNull(documents.deletedAt), isNull(documents.replacedAt)));

  const partners: CanonicalPartner[] = partnerRows
    .map((r) => {
      const own = lines.filter((l) => l.organisationId === r.organisationId);
      return {
        ...r,
        sizeClass: r.sizeClass ?? null,
        costCents: own.reduce((sum, l) => sum + l.amountCents, 0),
        budgetLines: own.map((l) => ({ position: l.position, category: l.category, description: l.description, amountCents: l.amountCents })),
      };
    })
    .sort((a, b) => byText(a.organisationId, b.organisationId));
  const attachments = attachmentRows.sort(
    (a, b) => byText(a.organisationId ?? "", b.organisationId ?? "") || byText(a.requirementId ?? "", b.requirementId ?? "") || byText(a.sha256, b.sha256),
  );
  return {
    format: CANONICAL_FORMAT,
    reference: stamp.reference,
    submittedAt: stamp.submittedAt.toISOString(),
    proposalVersion: stamp.proposalVersion,
    call: { id: call.id, title: call.title, coalitionName: call.coalitionName },
    proposal: {
      id: p.id,
      title: p.title,
      summary: p.summary,
      problem: p.problem,
      solutionType: p.solutionType ?? null,
      objectives: p.objectives,
      indicators: p.indicators.map((i) => ({ name: i.name, baseline: i.baseline, target: i.target, unit: i.unit })),
      milestones: p.milestones.map((m) => ({ title: m.title, month: m.month })),
      durationMonths: p.durationMonths ?? null,
      sectors: [...p.sectors],
      leadOrganisationId: p.leadOrganisationId,
      requestedCents: p.requestedCents,
    },
    partners,
    totals: {
      costCents: partners.reduce((sum, x) => sum + x.costCents, 0),
      cofinancingCents: partners.reduce((sum, x) => sum + x.cofinancingCents, 0),
      requestedCents: p.requestedCents,
    },
    attachments,
  };
}

/**
 * Writes the snapshot of a submission (canonical text, its SHA-256, the attachments) —
 * called inside submitProposal's transaction, after the proposal got its reference and
 * version, so the snapshot and the submission commit or fail together.
 */
export async function recordSubmission(
  tx: Tx | Db,
  input: { proposalId: string; reference: string; submittedAt: Date; proposalVersion: number; submittedBy: string },
): Promise<ProposalSubmission> {
  const data = await buildCanonical(tx, input.proposalId, input);
  const canonical = canonicalJson(data);
  const attachments: SubmittedAttachment[] = data.attachments.map((a) => ({
    title: a.title,
    fileName: a.fileName,
    sha256: a.sha256,
    organisationId: a.organisationId ?? data.proposal.leadOrganisationId,
    signed: a.signed,
  }));
  const [row] = await tx
    .insert(proposalSubmissions)
    .values({
      proposalId: input.proposalId,
      proposalVersion: input.proposalVersion,
      reference: input.reference,
      submittedAt: input.submittedAt,
      submittedBy: input.submittedBy,
      canonical,
      sha256: sha256Hex(canonical),
      attachments,
    })
    .returning();
  return row;
}

/** The latest submission of a proposal (a withdrawn and resubmitted one has several), or null. */
export async function latestSubmission(db: Db | Tx, proposalId: string): Promise<ProposalSubmission | null> {
  const [row] = await db
    .select()
    .from(proposalSubmissions)
    .where(eq(proposalSubmissions.proposalId, proposalId))
    .orderBy(desc(proposalSubmissions.submittedAt), desc(proposalSubmissions.proposalVersion))
    .limit(1);
  return row ?? null;
}

/** The submission with this reference (the latest, should a reference repeat), or null. */
export async function submissionByReference(db: Db | Tx, reference: string): Promise<ProposalSubmission | null> {
  const [row] = await db
    .select()
    .from(proposalSubmissions)
    .where(eq(proposalSubmissions.reference, reference))
    .orderBy(desc(proposalSubmissions.submittedAt))
    .limit(1);
  return row ?? null;
}

/** Reads a stored canonical text back (it was written by canonicalJson, so it is plain JSON). */
export function parseCanonical(text: string): CanonicalSubmission {
  const value = JSON.parse(text) as CanonicalSubmission;
  if (value.format !== CANONICAL_FORMAT) throw new Error(`Unknown canonical format ${String(value.format)}`);
  return value;
}

/** Paths where two canonical values differ ("partners[1].cofinancingCents"), for receipt:verify's report. */
export function canonicalDifferences(a: unknown, b: unknown, path = ""): string[] {
  if (a === b) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    if (a.length !== b.length) out.push(`${path || "(root)"}: ${a.length} items, now ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(...canonicalDifferences(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byText);
    return keys.flatMap((k) => canonicalDifferences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [`${path || "(root)"}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
}
