import { and, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitionMembers, coalitions, organisations, proposalBudgetLines, proposalPartners, proposalReferenceCounters, proposals, users, type Proposal } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { requireOrganisationPermission } from "@/lib/auth/permissions";
import { callPhase } from "@/lib/calls/policy";
import { now } from "@/lib/clock";
import { AppError, type FieldErrors } from "@/lib/errors";
import { MAX_AMOUNT_CENTS } from "@/lib/money";
import { budgetTotals } from "./budget";
import { lockProposalFor } from "./access";
import { eligibilityProblems } from "./eligibility";
import { canWithdraw, referencePrefix } from "./policy";
import { createProposalSchema, proposalIdSchema, saveBudgetPartSchema, updateProposalSchema, withdrawProposalSchema, type SaveBudgetPart } from "./schemas";

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

/** The lead's admin saves the description of a draft. Throws …, CONFLICT (stale version), INVALID_STATE (not a draft). */
export async function updateProposal(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const { proposalId, version, requested, ...fields } = parseInput(updateProposalSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, proposalId);
    if (!access.isLeadAdmin) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    await requireVersion(tx, proposal, version);
    const next = await bumpVersion(tx, proposal, who, {
      ...fields,
      solutionType: fields.solutionType === "" ? null : fields.solutionType,
      requestedCents: requested,
    });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: proposal.leadOrganisationId,
      action: "proposal.updated",
      entityType: "proposal",
      entityId: proposal.id,
      data: { version: next, title: fields.title, requestedCents: requested },
    });
    return { version: next };
  });
}

/**
 * The proposal's total cost and co-financing after saving this part — the other
 * organisations' stored rows, summed in SQL, plus this part — stay within the ceiling
 * (DESIGN rule 11). The proposal row is locked by the caller, so no other part can be
 * saved in between. A part that adds nothing (no lines, no co-financing) is never
 * refused, so a proposal stored past the ceiling before it existed can be brought back.
 * Throws VALIDATION with the line (or the co-financing) that crosses it.
 */
async function requireTotalsWithinCeiling(tx: Tx, proposalId: string, part: SaveBudgetPart): Promise<void> {
  const [others] = await tx
    .select({ cents: sql<string>`coalesce(sum(${proposalBudgetLines.amountCents}), 0)::text` })
    .from(proposalBudgetLines)
    .where(and(eq(proposalBudgetLines.proposalId, proposalId), ne(proposalBudgetLines.organisationId, part.organisationId)));
  const [othersCofinancing] = await tx
    .select({ cents: sql<string>`coalesce(sum(${proposalPartners.cofinancingCents}), 0)::text` })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.status, "accepted"), ne(proposalPartners.organisationId, part.organisationId)));
  const ceiling = BigInt(MAX_AMOUNT_CENTS);
  const fieldErrors: FieldErrors = {};
  let cost = BigInt(others.cents);
  for (const [i, line] of part.lines.entries()) {
    cost += BigInt(line.amount);
    if (cost > ceiling) {
      fieldErrors[`lines.${i}.amount`] = ["proposalTotalTooLarge"];
      break;
    }
  }
  if (part.cofinancing > 0 && BigInt(othersCofinancing.cents) + BigInt(part.cofinancing) > ceiling) fieldErrors.cofinancing = ["proposalCofinancingTooLarge"];
  if (Object.keys(fieldErrors).length > 0) throw new AppError("VALIDATION", "proposalBudgetTooLarge", fieldErrors);
}

/**
 * Saves one organisation's budget lines and co-financing in a draft: the lead's admins
 * for anyone, an accepted partner's admins for their own. Throws …, VALIDATION (an amount,
 * the part or the proposal's total past the ceiling), CONFLICT (stale), INVALID_STATE.
 */
export async function saveBudgetPart(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(saveBudgetPartSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, data.proposalId);
    const ownPart = access.partnerAdminOf.some((p) => p.organisationId === data.organisationId && p.status === "accepted");
    if (!access.isLeadAdmin && !ownPart) throw new AppError("FORBIDDEN", "forbidden");
    requireDraft(proposal);
    await requireVersion(tx, proposal, data.version);
    const [partner] = await tx
      .select({ id: proposalPartners.id, status: proposalPartners.status })
      .from(proposalPartners)
      .where(and(eq(proposalPartners.proposalId, proposal.id), eq(proposalPartners.organisationId, data.organisationId)));
    if (partner?.status !== "accepted") throw new AppError("INVALID_STATE", "proposalPartnerNotAcceptedYet");
    await requireTotalsWithinCeiling(tx, proposal.id, data);
    await tx.delete(proposalBudgetLines).where(and(eq(proposalBudgetLines.proposalId, proposal.id), eq(proposalBudgetLines.organisationId, data.organisationId)));
    if (data.lines.length > 0) {
      await tx.insert(proposalBudgetLines).values(
        data.lines.map((line, position) => ({
          proposalId: proposal.id,
          organisationId: data.organisationId,
          category: line.category,
          description: line.description,
          amountCents: line.amount,
          position,
        })),
      );
    }
    await tx.update(proposalPartners).set({ cofinancingCents: data.cofinancing }).where(eq(proposalPartners.id, partner.id));
    const next = await bumpVersion(tx, proposal, who);
    const costCents = budgetTotals({ lines: data.lines.map((l) => ({ organisationId: data.organisationId, amountCents: l.amount })), partners: [], requestedCents: 0 }).totalCents;
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "proposal.budget_saved",
      entityType: "proposal",
      entityId: proposal.id,
      data: { version: next, organisationId: data.organisationId, lines: data.lines.length, costCents, cofinancingCents: data.cofinancing },
    });
    return { version: next };
  });
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
  return { call, partners, lines, lead };
}

/** The eligibility problems of a proposal now, for the lead's checklist before submitting. */
export async function checkProposal(db: Db, actor: Actor | null, input: unknown) {
  const { proposalId } = parseInput(proposalIdSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { proposal, access } = await lockProposalFor(tx, who, proposalId);
    if (!access.isInvolved) throw new AppError("NOT_FOUND", "proposalNotFound");
    const { call, partners, lines, lead } = await eligibilityInput(tx, proposal);
    return eligibilityProblems({ call, proposal, lead, partners, lines, at: now() });
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
    const { call, partners, lines, lead } = await eligibilityInput(tx, proposal);
    const at = now();
    const problems = eligibilityProblems({ call, proposal, lead, partners, lines, at });
    if (problems.length > 0) throw new AppError("VALIDATION", "proposalNotEligible", undefined, { problems });
    const [coalition] = await tx.select({ slug: coalitions.slug }).from(coalitions).where(eq(coalitions.id, call.coalitionId));
    const reference = await nextReference(tx, referencePrefix(coalition.slug, at));
    await bumpVersion(tx, proposal, who, { status: "submitted", submittedAt: at, reference });
    const totals = budgetTotals({ lines, partners: partners.filter((p) => p.status === "accepted"), requestedCents: proposal.requestedCents });
    await record(tx, {
      actorUserId: who.userId,
      organisationId: proposal.leadOrganisationId,
      action: "proposal.submitted",
      entityType: "proposal",
      entityId: proposal.id,
      data: { reference, requestedCents: proposal.requestedCents, totalCents: totals.totalCents, cofinancingCents: totals.cofinancingCents },
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
