import { and, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditEntries, calls, grants, organisations, proposals } from "@/db/schema";
import type { AuditAction } from "@/lib/audit";

/**
 * The public audit trail of one coalition (issue 12, item 7): the decisions only, each with
 * who, when and the entry's hash. The audit entry's `data` is never shown as it is: each
 * action names the few fields its public view may carry (PUBLIC_FIELDS); anything else in
 * the entry (e-mails, draft content, ballots, before/after rows) stays out.
 */

export const PAGE_SIZE = 50;

/** The decisions shown, by the entity they are recorded on. */
export const callDecisions = ["call.published", "call.submission_extended", "evaluation.approved", "call.results_published", "call.results_corrected"] as const satisfies readonly AuditAction[];
export const proposalDecisions = ["proposal.admissibility_marked"] as const satisfies readonly AuditAction[];
export const grantDecisions = ["grant.created", "grant.concession_recorded", "grant.tranche_paid", "grant.revoked"] as const satisfies readonly AuditAction[];
export type PublicDecision = (typeof callDecisions)[number] | (typeof proposalDecisions)[number] | (typeof grantDecisions)[number];
export const publicDecisions: readonly PublicDecision[] = [...callDecisions, ...proposalDecisions, ...grantDecisions];

export type FieldKind = "text" | "cents" | "datetime" | "date" | "boolean" | "number" | "status" | "hash";
type FieldRule = { key: string; path: readonly string[]; kind: FieldKind };
const f = (key: string, kind: FieldKind, path: readonly string[] = [key]): FieldRule => ({ key, path, kind });

/** The allow-list: for each decision, the data fields that are public (and how to read them). */
export const PUBLIC_FIELDS: Record<PublicDecision, readonly FieldRule[]> = {
  "call.published": [],
  "call.submission_extended": [f("previousDeadline", "datetime", ["before"]), f("newDeadline", "datetime", ["after"]), f("reason", "text")],
  // The committee's appraisal of the call approved: how many proposals, and the fingerprint of its report (the PDF).
  "evaluation.approved": [f("proposals", "number"), f("reportSha256", "hash")],
  "call.results_published": [f("version", "number"), f("ballots", "number"), f("quorumReached", "boolean"), f("fingerprint", "hash")],
  "call.results_corrected": [f("version", "number"), f("reason", "text"), f("ballots", "number"), f("quorumReached", "boolean"), f("fingerprint", "hash")],
  "proposal.admissibility_marked": [f("outcome", "status", ["after"])],
  "grant.created": [f("grantedCents", "cents", ["after", "grantedCents"]), f("resultsVersion", "number")],
  "grant.concession_recorded": [f("actNumber", "text", ["after", "actNumber"]), f("actDate", "date", ["after", "actDate"]), f("cup", "text", ["after", "cup"]), f("cor", "text", ["after", "cor"])],
  "grant.tranche_paid": [f("trancheKind", "status", ["kind"]), f("amountCents", "cents"), f("paidOn", "date")],
  "grant.revoked": [f("whole", "boolean"), f("amountCents", "cents"), f("reason", "text")],
};

export type PublicField = { key: string; kind: FieldKind; value: string | number | boolean };

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** The allow-listed fields of one entry's data, in the rule's order; scalar values only. */
export function publicFields(action: PublicDecision, data: unknown): PublicField[] {
  const out: PublicField[] = [];
  for (const rule of PUBLIC_FIELDS[action] ?? []) {
    const v = valueAt(data, rule.path);
    const fits =
      rule.kind === "boolean" ? typeof v === "boolean" : rule.kind === "cents" || rule.kind === "number" ? typeof v === "number" && Number.isSafeInteger(v) : typeof v === "string" && v.trim() !== "";
    if (fits) out.push({ key: rule.key, kind: rule.kind, value: v as string | number | boolean });
  }
  return out;
}

export type PublicEntry = {
  seq: number;
  occurredAt: Date;
  action: PublicDecision;
  hash: string;
  prevHash: string;
  /** What the decision is about: the call, and the proposal or the granted organisation where there is one. */
  callId: string;
  callTitle: string;
  proposalTitle: string | null;
  /** The organisation the decision concerns (the proposal's lead, the grant's holder). */
  concernedOrganisation: string | null;
  /** Who: the organisation the person acted for when the entry records it; else a promoter of the coalition ("promoter"), or the platform itself ("system"). */
  actor: { kind: "organisation"; name: string } | { kind: "promoter" } | { kind: "committee" } | { kind: "system" };
  fields: PublicField[];
};

type Raw = {
  seq: number;
  occurredAt: Date;
  action: string;
  hash: string;
  prevHash: string;
  actorUserId: string | null;
  organisationId: string | null;
  data: Record<string, unknown>;
  callId: string;
  callTitle: string;
  proposalTitle: string | null;
  concernedOrganisation: string | null;
};

// `seq` is the entry's position in the chain (chain_seq): what a reader checks the hashes and anchors by.
const entryColumns = {
  seq: auditEntries.chainSeq,
  occurredAt: auditEntries.occurredAt,
  action: auditEntries.action,
  hash: auditEntries.hash,
  prevHash: auditEntries.prevHash,
  actorUserId: auditEntries.actorUserId,
  organisationId: auditEntries.organisationId,
  data: auditEntries.data,
};

export type TrailPage = { entries: PublicEntry[]; nextBefore: number | null };

/**
 * One page of a coalition's decisions, newest first, keyset on the chain's sequence number
 * (`before`: the entries with a lower number). Each of the three kinds of entity is read
 * through the (entity_type, entity_id) index from the coalition's own calls, proposals and
 * grants, at most PAGE_SIZE + 1 rows each; the three are merged here.
 */
export async function listCoalitionDecisions(db: Db | Tx, coalitionId: string, options: { before?: number | null; limit?: number } = {}): Promise<TrailPage> {
  const limit = Math.min(Math.max(options.limit ?? PAGE_SIZE, 1), PAGE_SIZE);
  const before = options.before && Number.isSafeInteger(options.before) && options.before > 0 ? options.before : null;
  // Sealed entries only: an entry committed a moment ago has its place in the chain once sealed (lib/audit sealPending).
  const seqBelow = before === null ? isNotNull(auditEntries.chainSeq) : lt(auditEntries.chainSeq, before);
  const take = limit + 1;

  const onCalls = db
    .select({ ...entryColumns, callId: calls.id, callTitle: calls.title, proposalTitle: sql<string | null>`null`, concernedOrganisation: sql<string | null>`null` })
    .from(calls)
    .innerJoin(auditEntries, and(eq(auditEntries.entityType, "call"), eq(auditEntries.entityId, sql`${calls.id}::text`)))
    .where(and(eq(calls.coalitionId, coalitionId), inArray(auditEntries.action, [...callDecisions]), seqBelow))
    .orderBy(desc(auditEntries.chainSeq))
    .limit(take);
  const onProposals = db
    .select({ ...entryColumns, callId: calls.id, callTitle: calls.title, proposalTitle: proposals.title, concernedOrganisation: organisations.legalName })
    .from(proposals)
    .innerJoin(calls, eq(calls.id, proposals.callId))
    .innerJoin(organisations, eq(organisations.id, proposals.leadOrganisationId))
    .innerJoin(auditEntries, and(eq(auditEntries.entityType, "proposal"), eq(auditEntries.entityId, sql`${proposals.id}::text`)))
    .where(and(eq(calls.coalitionId, coalitionId), inArray(auditEntries.action, [...proposalDecisions]), seqBelow))
    .orderBy(desc(auditEntries.chainSeq))
    .limit(take);
  const onGrants = db
    .select({ ...entryColumns, callId: calls.id, callTitle: calls.title, proposalTitle: proposals.title, concernedOrganisation: organisations.legalName })
    .from(grants)
    .innerJoin(calls, eq(calls.id, grants.callId))
    .innerJoin(proposals, eq(proposals.id, grants.proposalId))
    .innerJoin(organisations, eq(organisations.id, grants.organisationId))
    .innerJoin(auditEntries, and(eq(auditEntries.entityType, "grant"), eq(auditEntries.entityId, sql`${grants.id}::text`)))
    .where(and(eq(calls.coalitionId, coalitionId), inArray(auditEntries.action, [...grantDecisions]), seqBelow))
    .orderBy(desc(auditEntries.chainSeq))
    .limit(take);
  const [a, b, c] = await Promise.all([onCalls, onProposals, onGrants]);
  const merged = ([...a, ...b, ...c] as Raw[]).map((r) => ({ ...r, seq: Number(r.seq) })).sort((x, y) => y.seq - x.seq);
  const pageRows = merged.slice(0, limit);
  const nextBefore = merged.length > limit ? pageRows[pageRows.length - 1].seq : null;

  // The organisation a promoter acted for, recorded on call decisions only (on proposals and grants it is the one concerned).
  const actingIds = [...new Set(pageRows.filter((r) => r.action.startsWith("call.") && r.organisationId).map((r) => r.organisationId!))];
  const names = new Map<string, string>();
  if (actingIds.length > 0) {
    for (const o of await db.select({ id: organisations.id, name: organisations.legalName }).from(organisations).where(inArray(organisations.id, actingIds))) names.set(o.id, o.name);
  }
  return { entries: pageRows.map((r) => toPublic(r, names)), nextBefore };
}

function toPublic(r: Raw, names: Map<string, string>): PublicEntry {
  const action = r.action as PublicDecision;
  const acting = r.action.startsWith("call.") && r.organisationId ? names.get(r.organisationId) : undefined;
  return {
    seq: r.seq,
    occurredAt: r.occurredAt,
    action,
    hash: r.hash,
    prevHash: r.prevHash,
    callId: r.callId,
    callTitle: r.callTitle,
    proposalTitle: r.proposalTitle,
    concernedOrganisation: r.concernedOrganisation,
    // The appraisal is the evaluation committee's act (its chair may be an outside expert), never an organisation's.
    actor: r.action === "evaluation.approved" ? { kind: "committee" } : acting ? { kind: "organisation", name: acting } : r.actorUserId ? { kind: "promoter" } : { kind: "system" },
    fields: publicFields(action, r.data),
  };
}
