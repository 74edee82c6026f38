import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitionMembers, coalitions, organisations, proposalBudgetLines, proposalPartners, proposalReferenceCounters, proposals, users, type Proposal } from "@/db/schema";
import type { BudgetCategory } from "@/db/schema/proposals";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { requireOrganisationPermission } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { AppError, type FieldErrors } from "@/lib/errors";
import { MAX_AMOUNT_CENTS } from "@/lib/money";
import { recordSubmission } from "@/lib/documents/canonical";
import { budgetTotals, remainingCents, sumCents } from "./budget";
import { lockProposalFor } from "./access";
import { attachmentEligibilityInput } from "@/lib/documents/attachment-queries";
import { eligibilityProblems } from "./eligibility";
import { canWithdraw, referencePrefix } from "./policy";
import { createProposalSchema, proposalIdSchema, saveBudgetPartSchema, saveProposalSchema, updateProposalSchema, withdrawProposalSchema, type ProposalFields } from "./schemas";

/**
 * A firm's admin starts a draft proposal to a published call of a coalition its
 * organisation belongs to (as member or promoter), if the call lets its kind lead.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function createProposal(db: Db, actor: Actor | null, input: unknown): Promise<{ proposalId: string }> {
  const data = parseInput(createProposalSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    await requireOrganisationPermission(tx, who, data.leadOrganisationId, "organisation.edit");
    const [call] = await tx.select().from(calls).where(eq(calls.id, data.callId));
    if (!call || call.status === "draft") throw new AppError("NOT_FOUND", "callNotFound");
    const phase = callPhase(call, now());
    if (phase !== "open" && phase !== "scheduled") throw new AppError("INVALID_STATE", "proposalCallNotOpen");
    const [lead] = await tx
      .select({ kind: organisations.kind, status: organisations.status, role: coalitionMembers.role })
      .from(organisations)
      .leftJoin(coalitionMembers, and(eq(coalitionMembers.organisationId, organisations.id), eq(coalitionMembers.coalitionId, call.coalitionId)))
      .where(eq(organisations.id, data.leadOrganisationId));
    if (!lead?.role || lead.role === "observer") throw new AppError("FORBIDDEN", "proposalLeadNotMember", { leadOrganisationId: ["proposalLeadNotMember"] });
    if (call.leadKinds.length > 0 && !call.leadKinds.includes(lead.kind)) {
      throw new AppError("FORBIDDEN", "proposalLeadKindNotAllowed", { leadOrganisationId: ["proposalLeadKindNotAllowed"] });
    }
    const [proposal] = await tx
      .insert(proposals)
      .values({ callId: call.id, leadOrganisationId: data.leadOrganisationId, title: data.title, createdBy: who.userId, updatedBy: who.userId, updatedAt: now() })
      .returning({ id: proposals.id });
    await tx.insert(proposalPartners).values({
      proposalId: proposal.id,
      organisationId: data.leadOrganisationId,
      isLead: true,
      status: "accepted",
      roleDescription: "",
      createdBy: who.userId,
      decidedBy: who.userId,
      decidedAt: now(),
    });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.leadOrganisationId,
      action: "proposal.created",
      entityType: "proposal",
      entityId: proposal.id,
      data: { callId: call.id, title: data.title },
    });
    return { proposalId: proposal.id };
  });
}

/**
 * Refuses a save that started from an older version: "changed by X at T — reload".
 * The proposal row is locked by the caller, so the comparison cannot race.
 */
async function requireVersion(tx: Tx, proposal: Proposal, version: number): Promise<void> {
  if (proposal.version === version) return;
  const [by] = proposal.updatedBy ? await tx.select({ name: users.name }).from(users).where(eq(users.id, proposal.updatedBy)) : [];
  throw new AppError("CONFLICT", "proposalStale", undefined, { values: { name: by?.name ?? "—", at: proposal.updatedAt.toISOString() } });
}

export async function bumpVersion(tx: Tx, proposal: Proposal, actor: Actor, changes: Partial<typeof proposals.$inferInsert> = {}): Promise<number> {
  const version = proposal.version + 1;
  await tx
    .update(proposals)
    .set({ ...changes, version, updatedAt: now(), updatedBy: actor.userId })
    .where(eq(proposals.id, proposal.id));
  return version;
}

function requireDraft(proposal: Proposal): void {
  if (proposal.status !== "draft") throw new AppError("INVALID_STATE", "proposalNotDraft");
}

/** One organisation's budget part as a save sends it: lines (amounts in cents) and its co-financing. */
type PartToSave = { organisationId: string; lines: { category: BudgetCategory; description: string; amount: number }[]; cofinancing: number };

type DraftSave = {
  proposalId: string;
  version: number;
  /** The description: the lead's admins only. */
  details?: ProposalFields;
  /** Typed only where the call allows asking for less: null asks for all that is left; undefined was not sent. */
  requested?: number | null;
  parts: PartToSave[];
  /** Where the field errors of the part at this position go: "parts.0." on the page's form, "" for saveBudgetPart. */
  partPath: (position: number) => string;
};

/**
 * The proposal's total cost and co-financing after this save — the stored rows of the
 * organisations it leaves alone, summed in SQL, plus the parts it writes — stay within
 * the ceiling (DESIGN rule 11). The proposal row is locked by the caller, so nothing else
 * can be saved in between. A part that adds nothing (no lines, no co-financing) is never
 * refused, so a proposal stored past the ceiling before it existed can be brought back.
 * Throws VALIDATION with the line (or the co-financing) that crosses it.
 */
async function requireTotalsWithinCeiling(tx: Tx, proposalId: string, save: DraftSave): Promise<void> {
  const savedIds = save.parts.map((p) => p.organisationId);
  const notSaved = (column: typeof proposalBudgetLines.organisationId | typeof proposalPartners.organisationId) =>
    savedIds.length > 0 ? notInArray(column, savedIds) : undefined;
  const [others] = await tx
    .select({ cents: sql<string>`coalesce(sum(${proposalBudgetLines.amountCents}), 0)::text` })
    .from(proposalBudgetLines)
    .where(and(eq(proposalBudgetLines.proposalId, proposalId), notSaved(proposalBudgetLines.organisationId)));
  const [othersCofinancing] = await tx
    .select({ cents: sql<string>`coalesce(sum(${proposalPartners.cofinancingCents}), 0)::text` })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.status, "accepted"), notSaved(proposalPartners.organisationId)));
  const ceiling = BigInt(MAX_AMOUNT_CENTS);
  const fieldErrors: FieldErrors = {};
  let cost = BigInt(others.cents);
  let cofinancing = BigInt(othersCofinancing.cents);
  let costCrossed = false;
  for (const [p, part] of save.parts.entries()) {
    for (const [i, line] of part.lines.entries()) {
      if (costCrossed) break;
      cost += BigInt(line.amount);
      if (cost > ceiling) {
        fieldErrors[`${save.partPath(p)}lines.${i}.amount`] = ["proposalTotalTooLarge"];
        costCrossed = true;
      }
    }
    cofinancing += BigInt(part.cofinancing);
    if (part.cofinancing > 0 && cofinancing > ceiling) fieldErrors[`${save.partPath(p)}cofinancing`] = ["proposalCofinancingTooLarge"];
  }
  if (Object.keys(fieldErrors).length > 0) throw new AppError("VALIDATION", "proposalBudgetTooLarge", fieldErrors);
}

/** What is left to ask the call for (total cost − co-financing of accepted partners), from the rows as stored now, and whether the call allows asking for less. */
async function remainingOf(tx: Tx, proposal: Proposal): Promise<{ left: number; allowLower: boolean }> {
  const [sums] = await tx
    .select({
      cost: sql<string>`coalesce((select sum(${proposalBudgetLines.amountCents}) from ${proposalBudgetLines} where ${proposalBudgetLines.proposalId} = ${proposal.id}), 0)::text`,
      cofinancing: sql<string>`coalesce((select sum(${proposalPartners.cofinancingCents}) from ${proposalPartners} where ${proposalPartners.proposalId} = ${proposal.id} and ${proposalPartners.status} = 'accepted'), 0)::text`,
      allowLower: calls.allowLowerRequest,
    })
    .from(calls)
    .where(eq(calls.id, proposal.callId));
  return { left: remainingCents(BigInt(sums.cost), BigInt(sums.cofinancing)), allowLower: sums.allowLower };
}

/**
 * The requested contribution after someone changed the budget without typing it (a partner's
 * save, a partner removed): what is left to ask for — or, where the call allows asking for
 * less, the lead's amount, lowered if the budget no longer leaves it. Read in the caller's transaction.
 */
export async function requestedAfterBudgetChange(tx: Tx, proposal: Proposal): Promise<number> {
  const { left, allowLower } = await remainingOf(tx, proposal);
  return allowLower ? Math.min(proposal.requestedCents, left) : left;
}

/**
 * Saves a draft in one transaction: the description, the budget parts sent and the
 * requested contribution, which the server computes from the budget as saved (total cost −
 * co-financing) and never takes from the caller — unless the call allows asking for less,
 * where the lead's admins may type an amount up to that. One version, one audit entry.
 */
async function saveDraft(db: Db, who: Actor, save: DraftSave): Promise<{ version: number; requestedCents: number }> {
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, save.proposalId);
    if (save.details && !access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    for (const part of save.parts) {
      const ownPart = access.partnerAdminOf.some((p) => p.organisationId === part.organisationId && p.status === "accepted");
      if (!access.isLeadAdmin && !ownPart) throw new AppError("FORBIDDEN", "forbidden");
    }
    requireDraft(proposal);
    await requireVersion(tx, proposal, save.version);
    const partners = await tx
      .select({ id: proposalPartners.id, organisationId: proposalPartners.organisationId, status: proposalPartners.status, cofinancingCents: proposalPartners.cofinancingCents })
      .from(proposalPartners)
      .where(eq(proposalPartners.proposalId, proposal.id));
    const rowOf = (organisationId: string) => partners.find((p) => p.organisationId === organisationId);
    if (save.parts.some((part) => rowOf(part.organisationId)?.status !== "accepted")) throw new AppError("INVALID_STATE", "proposalPartnerNotAcceptedYet");
    await requireTotalsWithinCeiling(tx, proposal.id, save);

    const stored = await tx
      .select({
        organisationId: proposalBudgetLines.organisationId,
        category: proposalBudgetLines.category,
        description: proposalBudgetLines.description,
        amountCents: proposalBudgetLines.amountCents,
      })
      .from(proposalBudgetLines)
      .where(eq(proposalBudgetLines.proposalId, proposal.id))
      .orderBy(asc(proposalBudgetLines.position));
    // Parts sent back as they are stay untouched (the lead's form sends every part it shows).
    const unchanged = (part: PartToSave) => {
      const before = stored.filter((l) => l.organisationId === part.organisationId);
      return (
        rowOf(part.organisationId)?.cofinancingCents === part.cofinancing &&
        before.length === part.lines.length &&
        before.every((l, i) => l.category === part.lines[i].category && l.description === part.lines[i].description && l.amountCents === part.lines[i].amount)
      );
    };
    const changed = save.parts.filter((part) => !unchanged(part));
    for (const part of changed) {
      await tx.delete(proposalBudgetLines).where(and(eq(proposalBudgetLines.proposalId, proposal.id), eq(proposalBudgetLines.organisationId, part.organisationId)));
      if (part.lines.length > 0) {
        await tx.insert(proposalBudgetLines).values(
          part.lines.map((line, position) => ({
            proposalId: proposal.id,
            organisationId: part.organisationId,
            category: line.category,
            description: line.description,
            amountCents: line.amount,
            position,
          })),
        );
      }
      await tx.update(proposalPartners).set({ cofinancingCents: part.cofinancing }).where(eq(proposalPartners.id, rowOf(part.organisationId)!.id));
    }

    const { left, allowLower } = await remainingOf(tx, proposal);
    let requestedCents = allowLower ? Math.min(proposal.requestedCents, left) : left;
    if (allowLower && access.isLeadAdmin && save.requested !== undefined) {
      requestedCents = save.requested ?? left;
      if (requestedCents > left) throw new AppError("VALIDATION", "proposalRequestedAboveBalance", { requested: ["proposalRequestedAboveBalance"] });
    }

    const { details } = save;
    const next = await bumpVersion(tx, proposal, who, {
      ...(details ? { ...details, solutionType: details.solutionType === "" ? null : details.solutionType } : {}),
      requestedCents,
    });
    const partsAudit = changed.map((part) => ({
      organisationId: part.organisationId,
      lines: part.lines.length,
      costCents: sumCents(part.lines.map((l) => l.amount)),
      cofinancingCents: part.cofinancing,
    }));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: details || save.parts.length === 0 ? proposal.leadOrganisationId : (changed[0] ?? save.parts[0]).organisationId,
      action: details ? "proposal.updated" : "proposal.budget_saved",
      entityType: "proposal",
      entityId: proposal.id,
      data: {
        version: next,
        ...(details ? { title: details.title } : {}),
        requestedCents,
        requestedBefore: proposal.requestedCents,
        parts: partsAudit,
      },
    });
    return { version: next, requestedCents };
  });
}

/**
 * The proposal page's one save: the description (the lead's admins), the budget parts the
 * person may edit (the lead's admins any accepted partner's, a partner's admins their own)
 * and, where the call allows asking for less, the requested contribution — together, in
 * one transaction, from the version the page was loaded at. Throws UNAUTHENTICATED,
 * VALIDATION (a field; a total past the ceiling; a requested amount above what is left),
 * NOT_FOUND, FORBIDDEN, CONFLICT (stale version), INVALID_STATE (not a draft, a partner not accepted).
 */
export async function saveProposal(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; requestedCents: number }> {
  const data = parseInput(saveProposalSchema, input);
  const who = requireActor(actor);
  return saveDraft(db, who, { ...data, partPath: (p) => `parts.${p}.` });
}

/** The description alone, as saveProposal with no budget part (seed data, scripts, tests). */
export async function updateProposal(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; requestedCents: number }> {
  const { proposalId, version, requested, ...details } = parseInput(updateProposalSchema, input);
  const who = requireActor(actor);
  return saveDraft(db, who, { proposalId, version, details, requested, parts: [], partPath: (p) => `parts.${p}.` });
}

/** One organisation's budget part alone, as saveProposal with that part only; field errors without the "parts.0." prefix. */
export async function saveBudgetPart(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; requestedCents: number }> {
  const { proposalId, version, organisationId, lines, cofinancing } = parseInput(saveBudgetPartSchema, input);
  const who = requireActor(actor);
  return saveDraft(db, who, { proposalId, version, parts: [{ organisationId, lines, cofinancing }], partPath: () => "" });
}

async function nextReference(tx: Tx, prefix: string): Promise<string> {
  const [row] = await tx
    .insert(proposalReferenceCounters)
    .values({ key: prefix, last: 1 })
    .onConflictDoUpdate({ target: proposalReferenceCounters.key, set: { last: sql`${proposalReferenceCounters.last} + 1` } })
    .returning({ last: proposalReferenceCounters.last });
  return `${prefix}-${String(row.last).padStart(4, "0")}`;
}

/** Everything eligibilityProblems needs, read inside the caller's transaction. */
async function eligibilityInput(tx: Tx, proposal: Proposal) {
  const [call] = await tx.select().from(calls).where(eq(calls.id, proposal.callId));
  const partners = await tx
    .select({
      organisationId: proposalPartners.organisationId,
      legalName: organisations.legalName,
      kind: organisations.kind,
      sizeClass: organisations.sizeClass,
      status: proposalPartners.status,
      cofinancingCents: proposalPartners.cofinancingCents,
      isLead: proposalPartners.isLead,
    })
    .from(proposalPartners)
    .innerJoin(organisations, eq(organisations.id, proposalPartners.organisationId))
    .where(eq(proposalPartners.proposalId, proposal.id));
  const lines = await tx
    .select({ organisationId: proposalBudgetLines.organisationId, amountCents: proposalBudgetLines.amountCents })
    .from(proposalBudgetLines)
    .where(eq(proposalBudgetLines.proposalId, proposal.id));
  const lead = partners.find((p) => p.isLead)!;
  return { call, partners, lines, lead, attachments: await attachmentEligibilityInput(tx, proposal) };
}

/** The eligibility problems of a proposal now, for the lead's checklist before submitting. */
export async function checkProposal(db: Db, actor: Actor | null, input: unknown) {
  const { proposalId } = parseInput(proposalIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, proposalId);
    if (!access.isInvolved) throw new AppError("NOT_FOUND", "proposalNotFound");
    const { call, partners, lines, lead, attachments } = await eligibilityInput(tx, proposal);
    return eligibilityProblems({ call, proposal, lead, partners, lines, attachments, at: now() });
  });
}

/**
 * The lead's admin submits a draft that meets every rule of the call, while submission
 * is open: it gets a reference number and is frozen. Throws …, VALIDATION with every
 * failed rule in `problems`, INVALID_STATE.
 */
export async function submitProposal(db: Db, actor: Actor | null, input: unknown): Promise<{ reference: string }> {
  const { proposalId } = parseInput(proposalIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, proposalId);
    if (!access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    const { call, partners, lines, lead, attachments } = await eligibilityInput(tx, proposal);
    const at = now();
    const problems = eligibilityProblems({ call, proposal, lead, partners, lines, attachments, at });
    if (problems.length > 0) throw new AppError("VALIDATION", "proposalNotEligible", undefined, { problems });
    const [coalition] = await tx.select({ slug: coalitions.slug }).from(coalitions).where(eq(coalitions.id, call.coalitionId));
    const reference = await nextReference(tx, referencePrefix(coalition.slug, at));
    const submittedVersion = await bumpVersion(tx, proposal, who, { status: "submitted", submittedAt: at, reference });
    // The snapshot whose SHA-256 the receipt prints (lib/documents/canonical.ts), in this same transaction.
    const snapshot = await recordSubmission(tx, { proposalId: proposal.id, reference, submittedAt: at, proposalVersion: submittedVersion, submittedBy: who.userId });
    const totals = budgetTotals({ lines, partners: partners.filter((p) => p.status === "accepted"), requestedCents: proposal.requestedCents });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: proposal.leadOrganisationId,
      action: "proposal.submitted",
      entityType: "proposal",
      entityId: proposal.id,
      data: { reference, requestedCents: proposal.requestedCents, totalCents: totals.totalCents, cofinancingCents: totals.cofinancingCents, sha256: snapshot.sha256 },
    });
    return { reference };
  });
}

/** The lead's admin withdraws a proposal with a reason, until results are published. */
export async function withdrawProposal(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { proposalId, reason } = parseInput(withdrawProposalSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, proposalId);
    if (!access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    const [call] = await tx.select().from(calls).where(eq(calls.id, proposal.callId));
    if (!canWithdraw(proposal.status, callPhase(call, now()))) throw new AppError("INVALID_STATE", "proposalCannotWithdraw");
    await bumpVersion(tx, proposal, who, { status: "withdrawn", statusReason: reason });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: proposal.leadOrganisationId,
      action: "proposal.withdrawn",
      entityType: "proposal",
      entityId: proposal.id,
      data: { before: proposal.status, reason },
    });
  });
}
