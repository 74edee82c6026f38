import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { expenseReports, grants, tranches, type Call, type Grant, type TrancheKind } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { recordMany } from "@/lib/audit/many";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { notifyTrancheReleased } from "@/lib/notifications/triggers";
import { romeDate } from "./application-machine";
import { grantStatusAfter, type GrantEvent } from "./grant-machine";
import { earnedCents, planRevocation, planTranche, splitAllocation, standingCents, toRecoverCents } from "./grant-money";
import { requireGrantPromoter, type GrantAccess } from "./grant-permissions";
import { grantIdSchema, recordConcessionSchema, releaseTrancheSchema, revokeGrantSchema } from "./grant-schemas";

/**
 * The pact's grants (issue 11): one per partner of each proposal the call's results fund,
 * made in the results' own transaction; the promoters of the call's coalition record the
 * concession, pay the tranches, close and revoke. Every change is audited with the values
 * before and after, under `select … for update` on the grant row.
 */

function refuse(code: "VALIDATION" | "INVALID_STATE", key: string, field?: string, values?: Record<string, number | string>): never {
  throw new AppError(code, key, field ? { [field]: [key] } : undefined, { values });
}

function moveOrRefuse(status: Grant["status"], event: GrantEvent): Grant["status"] {
  const move = grantStatusAfter(status, event);
  if (!move.ok) refuse("INVALID_STATE", move.key);
  return move.status;
}

/** The money a grant's audit entries show. */
function moneyOf(g: Pick<Grant, "status" | "grantedCents" | "revokedCents" | "paidCents" | "acceptedCents">) {
  return { status: g.status, grantedCents: g.grantedCents, revokedCents: g.revokedCents, paidCents: g.paidCents, acceptedCents: g.acceptedCents };
}

/** A list of uuids as one PostgreSQL array parameter (uuids need no quoting): one bind parameter whatever its length. */
function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Each accepted partner's cost (Σ of its budget lines in the proposal, an SQL sum) and
 * co-financing, lead first, for every given proposal at once: one statement whatever their number.
 */
async function partnersOfProposals(tx: Tx, proposalIds: readonly string[]) {
  const result = await tx.execute(sql`
    select pp.proposal_id, pp.organisation_id, pp.cofinancing_cents, coalesce(c.cost_cents, 0) as cost_cents
    from proposal_partners pp
    left join (
      select proposal_id, organisation_id, sum(amount_cents) as cost_cents
      from proposal_budget_lines where proposal_id = any(${uuidArray(proposalIds)})
      group by proposal_id, organisation_id
    ) c on c.proposal_id = pp.proposal_id and c.organisation_id = pp.organisation_id
    where pp.proposal_id = any(${uuidArray(proposalIds)}) and pp.status = 'accepted'
    order by pp.proposal_id, pp.is_lead desc, pp.created_at asc, pp.organisation_id asc`);
  const byProposal = new Map<string, { organisationId: string; cofinancingCents: number; costCents: number }[]>();
  for (const r of rowsOf<{ proposal_id: string; organisation_id: string; cofinancing_cents: string | number; cost_cents: string | number }>(result)) {
    const list = byProposal.get(r.proposal_id) ?? [];
    list.push({ organisationId: r.organisation_id, cofinancingCents: Number(r.cofinancing_cents), costCents: Number(r.cost_cents) });
    byProposal.set(r.proposal_id, list);
  }
  return byProposal;
}

/**
 * Called by lib/voting/service.ts writeResults in the results' transaction. Each newly selected
 * proposal gets one grant per accepted partner, its allocation split by lib/incentives/grant-money
 * splitAllocation. On a correction, grants of proposals no longer selected that have nothing
 * paid are revoked whole with the correction's reason; those with money paid stay for the
 * promoters to revoke (and recover) by hand. Proposals already holding grants keep them.
 *
 * Set-based: a fixed number of statements whatever the number of proposals and grants (the
 * partners of every funded proposal read at once, the grants written by one INSERT … SELECT
 * from one JSON parameter, the revocations by one UPDATE, the audit entries by recordMany).
 */
export async function createGrantsForResults(
  tx: Tx,
  input: { call: Call; version: number; actorUserId: string; selectedProposalIds: string[]; allocations: Map<string, number>; at: Date; reason?: string | null },
): Promise<{ created: number; revoked: number }> {
  const { call, version, actorUserId, selectedProposalIds, allocations, at } = input;
  let created = 0;
  let revoked = 0;
  const existing = selectedProposalIds.length
    ? await tx.select({ proposalId: grants.proposalId }).from(grants).where(and(eq(grants.callId, call.id), sql`${grants.proposalId} = any(${uuidArray(selectedProposalIds)})`))
    : [];
  const funded = new Set(existing.map((e) => e.proposalId));
  const toFund = selectedProposalIds.filter((id) => !funded.has(id));
  if (toFund.length > 0) {
    const partners = await partnersOfProposals(tx, toFund);
    const shares = toFund.flatMap((proposalId) =>
      splitAllocation(allocations.get(proposalId) ?? 0, partners.get(proposalId) ?? []).map((share) => ({ proposalId, ...share })),
    );
    if (shares.length > 0) {
      const rows = shares.map((s, i) => ({ i, proposal_id: s.proposalId, organisation_id: s.organisationId, eligible_cost_cents: s.eligibleCostCents, granted_cents: s.grantedCents }));
      const result = await tx.execute(sql`
        insert into grants (call_id, proposal_id, organisation_id, results_version, eligible_cost_cents, granted_cents, created_by, created_at, updated_at)
        select ${call.id}::uuid, r.proposal_id, r.organisation_id, ${version}::int, r.eligible_cost_cents, r.granted_cents, ${actorUserId}::uuid, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(i int, proposal_id uuid, organisation_id uuid, eligible_cost_cents bigint, granted_cents bigint)
        order by r.i
        on conflict do nothing
        returning id, proposal_id, organisation_id, eligible_cost_cents, granted_cents, status`);
      const made = new Map(
        rowsOf<{ id: string; proposal_id: string; organisation_id: string; eligible_cost_cents: string | number; granted_cents: string | number; status: Grant["status"] }>(result).map((r) => [
          `${r.proposal_id}:${r.organisation_id}`,
          r,
        ]),
      );
      // The entries in the order of the shares (proposal by proposal, lead first), as one record() each would have.
      const events = shares.flatMap((share) => {
        const row = made.get(`${share.proposalId}:${share.organisationId}`);
        if (!row) return [];
        return [
          {
            actorUserId,
            organisationId: share.organisationId,
            action: "grant.created" as const,
            entityType: "grant",
            entityId: row.id,
            data: {
              callId: call.id,
              proposalId: share.proposalId,
              resultsVersion: version,
              allocationCents: allocations.get(share.proposalId) ?? 0,
              after: { eligibleCostCents: Number(row.eligible_cost_cents), grantedCents: Number(row.granted_cents), status: row.status },
            },
          },
        ];
      });
      created = events.length;
      await recordMany(tx, events);
    }
  }
  if (version > 1) {
    const dropped = await tx
      .select()
      .from(grants)
      .where(
        and(
          eq(grants.callId, call.id),
          selectedProposalIds.length ? sql`not (${grants.proposalId} = any(${uuidArray(selectedProposalIds)}))` : sql`true`,
          inArray(grants.status, ["granted", "in_progress", "reported"]),
          eq(grants.paidCents, 0),
        ),
      )
      .orderBy(asc(grants.createdAt), asc(grants.id))
      .for("update");
    const reason = input.reason?.trim() || `Results corrected (version ${version})`;
    if (dropped.length > 0) {
      const updated = await tx
        .update(grants)
        .set({ status: "revoked", revokedCents: sql`${grants.grantedCents}`, revocationReason: reason, revokedAt: at, version: sql`${grants.version} + 1`, updatedAt: at })
        .where(sql`${grants.id} = any(${uuidArray(dropped.map((g) => g.id))})`)
        .returning();
      const after = new Map(updated.map((row) => [row.id, row]));
      revoked = updated.length;
      await recordMany(
        tx,
        dropped.map((g) => ({
          actorUserId,
          organisationId: g.organisationId,
          action: "grant.revoked" as const,
          entityType: "grant",
          entityId: g.id,
          data: { whole: true, reason, resultsVersion: version, before: moneyOf(g), after: moneyOf(after.get(g.id)!) },
        })),
      );
    }
  }
  return { created, revoked };
}

const CONCESSION_FIELDS = ["actNumber", "actDate", "cup", "cor", "startsOn", "endsOn", "finalReportDueOn"] as const;

/**
 * A promoter records (or corrects) the concession: act number and date, CUP, COR, start, end and
 * the final report's due day. Dates in order: act not in the future, start ≤ end ≤ due day.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, CONFLICT (stale), INVALID_STATE (closed or revoked).
 */
export async function recordConcession(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(recordConcessionSchema, input);
  const who = requireActor(actor);
  if (data.actDate > romeDate(now())) refuse("VALIDATION", "incentiveDateInFuture", "actDate");
  if (data.endsOn < data.startsOn) refuse("VALIDATION", "grantEndsBeforeStart", "endsOn");
  if (data.finalReportDueOn < data.endsOn) refuse("VALIDATION", "grantDueBeforeEnd", "finalReportDueOn");
  return db.transaction(async (tx) => {
    const { grant } = await requireGrantPromoter(tx, who, data.grantId, { lock: true });
    if (grant.version !== data.version) throw new AppError("CONFLICT", "grantStale", undefined, { values: { at: grant.updatedAt.toISOString() } });
    if (grant.status === "closed" || grant.status === "revoked") refuse("INVALID_STATE", "grantFinished");
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of CONCESSION_FIELDS) {
      if (grant[key] !== data[key]) {
        before[key] = grant[key];
        after[key] = data[key];
      }
    }
    if (Object.keys(after).length === 0) return { version: grant.version };
    const [row] = await tx
      .update(grants)
      .set({ actNumber: data.actNumber, actDate: data.actDate, cup: data.cup, cor: data.cor, startsOn: data.startsOn, endsOn: data.endsOn, finalReportDueOn: data.finalReportDueOn, version: grant.version + 1, updatedAt: now() })
      .where(eq(grants.id, grant.id))
      .returning({ version: grants.version });
    await record(tx, { actorUserId: who.userId, organisationId: grant.organisationId, action: "grant.concession_recorded", entityType: "grant", entityId: grant.id, data: { before, after } });
    return { version: row.version };
  });
}

/** The state planTranche needs, read under the grant's lock. */
async function trancheState(tx: Tx, access: GrantAccess) {
  const { grant } = access;
  const paid = await tx.select({ kind: tranches.kind }).from(tranches).where(eq(tranches.grantId, grant.id));
  const reviewed = await tx
    .select({ id: expenseReports.id, isFinal: expenseReports.isFinal })
    .from(expenseReports)
    .where(and(eq(expenseReports.grantId, grant.id), eq(expenseReports.status, "reviewed")))
    .orderBy(sql`${expenseReports.number} desc`);
  return {
    state: {
      status: grant.status,
      grantedCents: grant.grantedCents,
      revokedCents: grant.revokedCents,
      paidCents: grant.paidCents,
      acceptedCents: grant.acceptedCents,
      eligibleCostCents: grant.eligibleCostCents,
      advanceMaxBp: access.call.advanceMaxBp,
      paidKinds: paid.map((p) => p.kind as TrancheKind),
      hasReviewedReport: reviewed.length > 0,
      finalReviewed: reviewed.some((r) => r.isFinal),
    },
    latestReviewed: reviewed[0]?.id ?? null,
    finalReport: reviewed.find((r) => r.isFinal)?.id ?? null,
    /** Reports submitted and not yet reviewed: the balance and closing wait for them (their expenses would be lost). */
    underReview: (await tx.select({ id: expenseReports.id }).from(expenseReports).where(and(eq(expenseReports.grantId, grant.id), eq(expenseReports.status, "submitted")))).length,
  };
}

/**
 * A promoter pays a tranche (lib/incentives/grant-money planTranche): the advance with its
 * guarantee, an interim tranche against the reviewed reports, or the balance (computed) after the
 * final report's review, which closes the grant. Needs the concession recorded; the payment day
 * is not in the future nor before the act. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN, INVALID_STATE.
 */
export async function releaseTranche(db: Db, actor: Actor | null, input: unknown): Promise<{ id: string; amountCents: number; status: Grant["status"] }> {
  const data = parseInput(releaseTrancheSchema, input);
  const who = requireActor(actor);
  if (data.paidOn > romeDate(now())) refuse("VALIDATION", "incentiveDateInFuture", "paidOn");
  if (data.kind === "advance" && data.guarantee === "") refuse("VALIDATION", "grantGuaranteeRequired", "guarantee");
  return db.transaction(async (tx) => {
    const access = await requireGrantPromoter(tx, who, data.grantId, { lock: true });
    const { grant } = access;
    if (!grant.actDate) refuse("INVALID_STATE", "grantConcessionMissing");
    if (data.paidOn < grant.actDate) refuse("VALIDATION", "grantPaidBeforeAct", "paidOn");
    const { state, latestReviewed, finalReport, underReview } = await trancheState(tx, access);
    const plan = planTranche(state, data.kind, data.amount);
    if (!plan.ok) refuse(plan.key === "amountPositive" || plan.key.includes("Above") ? "VALIDATION" : "INVALID_STATE", plan.key, plan.key === "amountPositive" || plan.key.includes("Above") ? "amount" : undefined, plan.values);
    if (data.kind === "balance" && underReview > 0) refuse("INVALID_STATE", "grantReportUnderReview");
    const event: GrantEvent = data.kind === "advance" ? { type: "advance_paid" } : data.kind === "balance" ? { type: "balance_paid" } : { type: "interim_paid" };
    const status = moveOrRefuse(grant.status, event);
    const at = now();
    const [tranche] = await tx
      .insert(tranches)
      .values({
        grantId: grant.id,
        kind: data.kind,
        amountCents: plan.amountCents,
        reportId: data.kind === "advance" ? null : data.kind === "balance" ? finalReport : latestReviewed,
        guarantee: data.kind === "advance" ? data.guarantee : null,
        paidOn: data.paidOn,
        note: data.note,
        createdBy: who.userId,
        createdAt: at,
      })
      .returning();
    const [row] = await tx
      .update(grants)
      .set({ paidCents: grant.paidCents + plan.amountCents, status, version: grant.version + 1, updatedAt: at })
      .where(eq(grants.id, grant.id))
      .returning();
    await record(tx, {
      actorUserId: who.userId,
      organisationId: grant.organisationId,
      action: "grant.tranche_paid",
      entityType: "grant",
      entityId: grant.id,
      data: { trancheId: tranche.id, kind: data.kind, amountCents: plan.amountCents, paidOn: data.paidOn, guarantee: tranche.guarantee, reportId: tranche.reportId, before: moneyOf(grant), after: moneyOf(row) },
    });
    await notifyTrancheReleased(tx, {
      actorUserId: who.userId,
      trancheId: tranche.id,
      kind: data.kind,
      amountCents: plan.amountCents,
      grantId: grant.id,
      organisationId: grant.organisationId,
      proposalId: grant.proposalId,
    });
    return { id: tranche.id, amountCents: plan.amountCents, status: row.status };
  });
}

/**
 * A promoter closes a reported grant without a balance when nothing is left to pay (earned −
 * paid ≤ 0 once the final report is reviewed). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND,
 * FORBIDDEN, INVALID_STATE (final report not reviewed, a balance still due).
 */
export async function closeGrant(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const { grantId } = parseInput(grantIdSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const access = await requireGrantPromoter(tx, who, grantId, { lock: true });
    const { grant } = access;
    const { state, underReview } = await trancheState(tx, access);
    const status = moveOrRefuse(grant.status, { type: "closed_without_balance" });
    if (!state.finalReviewed) refuse("INVALID_STATE", "grantFinalNotReviewed");
    const plan = planTranche(state, "balance", 0);
    if (plan.ok) refuse("INVALID_STATE", "grantBalanceDue", undefined, { amountCents: plan.amountCents });
    if (underReview > 0) refuse("INVALID_STATE", "grantReportUnderReview");
    // Closing with more paid than earned (E − paid < 0) only once a revocation shows the excess as to recover.
    const earned = earnedCents(grant);
    if (grant.paidCents > earned && standingCents(grant) > earned) {
      refuse("INVALID_STATE", "grantPaidAboveEarned", undefined, { excessCents: grant.paidCents - earned, revokeCents: standingCents(grant) - earned });
    }
    const [row] = await tx.update(grants).set({ status, version: grant.version + 1, updatedAt: now() }).where(eq(grants.id, grant.id)).returning();
    await record(tx, { actorUserId: who.userId, organisationId: grant.organisationId, action: "grant.closed", entityType: "grant", entityId: grant.id, data: { withoutBalance: true, before: moneyOf(grant), after: moneyOf(row) } });
  });
}

/**
 * A promoter revokes a grant, whole (status revoked) or in part (revoked amount grows, up to what
 * stands), with a reason; what was paid beyond what stands is to be recovered (shown, returned).
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE (closed or revoked).
 */
export async function revokeGrant(db: Db, actor: Actor | null, input: unknown): Promise<{ status: Grant["status"]; revokedCents: number; toRecoverCents: number }> {
  const data = parseInput(revokeGrantSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { grant } = await requireGrantPromoter(tx, who, data.grantId, { lock: true });
    const plan = planRevocation(grant, grant.status, data.whole, data.amount);
    if (!plan.ok) refuse(plan.key === "grantRevokeClosed" ? "INVALID_STATE" : "VALIDATION", plan.key, plan.key === "grantRevokeClosed" ? undefined : "amount", plan.values);
    const status = plan.whole ? moveOrRefuse(grant.status, { type: "revoked" }) : grant.status;
    const at = now();
    const reason = grant.revocationReason && !plan.whole ? `${grant.revocationReason}\n${data.reason}` : data.reason;
    const [row] = await tx
      .update(grants)
      .set({ status, revokedCents: plan.revokedCents, revocationReason: reason.slice(0, 4000), revokedAt: at, version: grant.version + 1, updatedAt: at })
      .where(eq(grants.id, grant.id))
      .returning();
    const recover = toRecoverCents(row);
    await record(tx, {
      actorUserId: who.userId,
      organisationId: grant.organisationId,
      action: "grant.revoked",
      entityType: "grant",
      entityId: grant.id,
      data: { whole: plan.whole, amountCents: plan.revokedCents - grant.revokedCents, reason: data.reason, toRecoverCents: recover, before: moneyOf(grant), after: moneyOf(row) },
    });
    return { status: row.status, revokedCents: row.revokedCents, toRecoverCents: recover };
  });
}
