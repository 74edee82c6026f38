import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { ballots, callResults, callVoterSnapshots, callVoters, calls, coalitionMembers, coalitions, organisations, proposalBudgetLines, proposalPartners, proposalReferenceCounters, proposals, users, type Call } from "@/db/schema";
import { record } from "@/lib/audit";
import { now } from "@/lib/clock";
import { referencePrefix } from "@/lib/proposals/policy";
import { romeLocalToUtc, utcToRomeLocal } from "@/lib/time";
import { newReceiptToken, receiptHash } from "@/lib/voting/receipt";
import { writeResults } from "@/lib/voting/service";
import { PAST_CALL_TITLE } from "./calls";
import { seedPastAppraisal } from "./evaluation";
import { DEMO_COALITION, demoOrganisation } from "./data";
import type { SeedResult } from "./seed";
import {
  COUNTING_CALL_TITLE,
  COUNTING_PROPOSALS,
  DEMO_PAST_RECEIPT,
  DEMO_RECEIPT,
  PAST_PROPOSALS,
  REVIEW_CALL_TITLE,
  REVIEW_PROPOSALS,
  VOTING_CALL_TITLE,
  VOTING_PROPOSALS,
  demoBudget,
  type DemoVotingProposal,
} from "./voting-data";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** A Rome wall-clock time `days` from now, as an instant. */
const romeDay = (days: number, time: string) => romeLocalToUtc(`${utcToRomeLocal(new Date(now().getTime() + days * DAY)).slice(0, 10)}T${time}`);

type Ctx = { tx: Tx; coalitionId: string; promoterUserId: string; promoterOrgId: string; org: (key: string) => Promise<string>; admin: (key: string) => Promise<string> };

async function nextReference(tx: Tx, prefix: string): Promise<string> {
  const [row] = await tx
    .insert(proposalReferenceCounters)
    .values({ key: prefix, last: 1 })
    .onConflictDoUpdate({ target: proposalReferenceCounters.key, set: { last: sql`${proposalReferenceCounters.last} + 1` } })
    .returning({ last: proposalReferenceCounters.last });
  return `${prefix}-${String(row.last).padStart(4, "0")}`;
}

/** Admissible proposals written directly (their submission and review happened before the demo starts). */
async function insertProposals(
  ctx: Ctx,
  call: Call,
  list: DemoVotingProposal[],
  submittedAt: (i: number) => Date,
  status: "admissible" | "submitted" = "admissible",
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, p] of list.entries()) {
    const at = submittedAt(i);
    const leadId = await ctx.org(p.lead);
    const leadAdmin = await ctx.admin(p.lead);
    const reference = await nextReference(ctx.tx, referencePrefix(DEMO_COALITION.slug, at));
    const [row] = await ctx.tx
      .insert(proposals)
      .values({
        callId: call.id,
        leadOrganisationId: leadId,
        reference,
        title: p.title,
        summary: `${p.title}: progetto dimostrativo.`,
        requestedCents: p.requestedEuro * 100,
        status,
        submittedAt: at,
        createdAt: new Date(at.getTime() - 7 * DAY),
        updatedAt: at,
        createdBy: leadAdmin,
        updatedBy: leadAdmin,
      })
      .returning({ id: proposals.id });
    await ctx.tx.insert(proposalPartners).values([
      { proposalId: row.id, organisationId: leadId, isLead: true, status: "accepted" as const, createdBy: leadAdmin, decidedBy: leadAdmin, decidedAt: at },
      ...(await Promise.all(
        p.partners.map(async (key) => ({ proposalId: row.id, organisationId: await ctx.org(key), status: "accepted" as const, createdBy: leadAdmin, decidedBy: leadAdmin, decidedAt: at })),
      )),
    ]);
    await insertBudget(ctx, row.id, p, at);
    await record(ctx.tx, {
      actorUserId: status === "admissible" ? ctx.promoterUserId : leadAdmin,
      organisationId: leadId,
      action: status === "admissible" ? "proposal.admissibility_marked" : "proposal.submitted",
      entityType: "proposal",
      entityId: row.id,
      data: { reference, status, imported: true },
    });
    ids.set(p.title, row.id);
  }
  return ids;
}

/**
 * The budget of an imported proposal (demoBudget): one line per partner, the lead carrying the
 * co-financing, so that its public page shows cost = requested + co-financing. Audited as the
 * lead's save of the budget.
 */
async function insertBudget(ctx: Ctx, proposalId: string, p: DemoVotingProposal, at: Date): Promise<void> {
  const budget = demoBudget(p);
  const leadId = await ctx.org(p.lead);
  const leadAdmin = await ctx.admin(p.lead);
  await ctx.tx.insert(proposalBudgetLines).values(
    await Promise.all(
      budget.lines.map(async (line, position) => ({ proposalId, organisationId: await ctx.org(line.org), category: line.category, description: line.description, amountCents: line.amountCents, position })),
    ),
  );
  await ctx.tx
    .update(proposalPartners)
    .set({ cofinancingCents: budget.cofinancingCents })
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.organisationId, leadId)));
  await record(ctx.tx, {
    actorUserId: leadAdmin,
    organisationId: leadId,
    action: "proposal.budget_saved",
    entityType: "proposal",
    entityId: proposalId,
    data: { requestedCents: p.requestedEuro * 100, totalCents: budget.totalCents, cofinancingCents: budget.cofinancingCents, lines: budget.lines.length, at: at.toISOString(), imported: true },
  });
}

/**
 * Databases seeded before imported proposals had a budget: add it to each of them that has
 * none (their public pages showed a cost of zero). Idempotent.
 */
async function ensureImportedBudgets(ctx: Ctx, callId: string, list: DemoVotingProposal[]): Promise<number> {
  let added = 0;
  for (const p of list) {
    const [row] = await ctx.tx
      .select({ id: proposals.id, submittedAt: proposals.submittedAt })
      .from(proposals)
      .where(and(eq(proposals.callId, callId), eq(proposals.title, p.title), sql`not exists (select 1 from ${proposalBudgetLines} where ${proposalBudgetLines.proposalId} = ${proposals.id})`));
    if (!row) continue;
    await insertBudget(ctx, row.id, p, row.submittedAt ?? now());
    added++;
  }
  return added;
}

/** The weights as the vote opened: the coalition's voting members, unchanged since. */
async function snapshotAt(ctx: Ctx, call: Call): Promise<void> {
  await ctx.tx.insert(callVoterSnapshots).values({ callId: call.id, takenAt: call.votingOpensAt! });
  const members = await ctx.tx
    .select({ organisationId: coalitionMembers.organisationId, weight: coalitionMembers.weight })
    .from(coalitionMembers)
    .where(and(eq(coalitionMembers.coalitionId, ctx.coalitionId), sql`${coalitionMembers.role} in ('promoter', 'member') and ${coalitionMembers.weight} > 0`));
  await ctx.tx.insert(callVoters).values(members.map((m) => ({ callId: call.id, ...m })));
  await record(ctx.tx, {
    actorUserId: ctx.promoterUserId,
    action: "call.voters_snapshotted",
    entityType: "call",
    entityId: call.id,
    data: { voters: members.length, eligibleWeight: members.reduce((s, m) => s + m.weight, 0), imported: true },
  });
}

async function castAll(ctx: Ctx, call: Call, proposalIds: Map<string, string>, list: { title: string; votes: Record<string, number> }[]): Promise<void> {
  let n = 0;
  for (const p of list) {
    const proposalId = proposalIds.get(p.title)!;
    for (const [key, value] of Object.entries(p.votes)) {
      const organisationId = await ctx.org(key);
      const known = [DEMO_RECEIPT, DEMO_PAST_RECEIPT].find((r) => call.title === r.callTitle && p.title === r.proposalTitle && key === r.orgKey);
      const token = known ? known.token : newReceiptToken();
      const at = new Date(call.votingOpensAt!.getTime() + ++n * 3 * HOUR);
      const [row] = await ctx.tx
        .insert(ballots)
        .values({ callId: call.id, proposalId, organisationId, castBy: await ctx.admin(key), value, receiptHash: receiptHash(token, proposalId, value), createdAt: at, updatedAt: at })
        .returning({ id: ballots.id });
      await record(ctx.tx, { actorUserId: await ctx.admin(key), organisationId, action: "ballot.cast", entityType: "ballot", entityId: row.id, data: { callId: call.id, proposalId, revision: 1, imported: true } });
    }
  }
}

async function insertCall(ctx: Ctx, values: Omit<typeof calls.$inferInsert, "coalitionId" | "createdBy">): Promise<Call> {
  const [call] = await ctx.tx.insert(calls).values({ ...values, coalitionId: ctx.coalitionId, createdBy: ctx.promoterUserId }).returning();
  await record(ctx.tx, {
    actorUserId: ctx.promoterUserId,
    organisationId: ctx.promoterOrgId,
    action: "call.created",
    entityType: "call",
    entityId: call.id,
    data: { coalitionId: ctx.coalitionId, title: call.title, status: call.status, imported: true },
  });
  return call;
}

const common = {
  themes: ["cybersecurity", "cloud"],
  sectors: ["industry", "services"],
  minCofinancingBp: 2000,
  minPartners: 2,
  maxPartners: 6,
  requiredPartnerKinds: [],
  leadKinds: [],
  sizeClasses: [],
  votingMethod: "approval" as const,
  quorumBp: 5000,
  status: "published" as const,
};

/**
 * The voting chapter: the 2025 call's proposals, ballots and published results; a call
 * voting now; a call whose vote closed yesterday, ballots in, waiting for results. Written
 * directly (services cannot act in the past), each call in one transaction with its audit
 * entries; idempotent by call title and, for the past call, by its results.
 */
export async function ensureVoting(db: Db, result: SeedResult): Promise<void> {
  const [coalition] = await db.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
  if (!coalition) throw new Error(`No coalition ${DEMO_COALITION.slug} for the voting demo`);
  const cache = new Map<string, string>();
  const lookup = async (tx: Tx, kind: "org" | "admin", key: string) => {
    const k = `${kind}:${key}`;
    if (!cache.has(k)) {
      const o = demoOrganisation(key);
      if (kind === "org") {
        const [row] = await tx.select({ id: organisations.id }).from(organisations).where(o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale));
        cache.set(k, row.id);
      } else {
        const [row] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${o.people[0].email.toLowerCase()}`);
        cache.set(k, row.id);
      }
    }
    return cache.get(k)!;
  };
  const inTx = (fn: (ctx: Ctx) => Promise<void>) =>
    db.transaction(async (tx) => {
      const ctx: Ctx = {
        tx,
        coalitionId: coalition.id,
        promoterOrgId: coalition.promoterOrganisationId,
        promoterUserId: await lookup(tx, "admin", DEMO_COALITION.promoterKey),
        org: (key) => lookup(tx, "org", key),
        admin: (key) => lookup(tx, "admin", key),
      };
      await fn(ctx);
    });
  const findCall = async (title: string) => {
    const [row] = await db.select().from(calls).where(and(eq(calls.coalitionId, coalition.id), eq(calls.title, title)));
    return row;
  };

  const past = await findCall(PAST_CALL_TITLE);
  if (past && (await db.select({ id: callResults.id }).from(callResults).where(eq(callResults.callId, past.id))).length === 0) {
    await inTx(async (ctx) => {
      const ids = await insertProposals(ctx, past, PAST_PROPOSALS, (i) => romeLocalToUtc(`2025-04-${String(10 + i * 9).padStart(2, "0")}T12:00`));
      await snapshotAt(ctx, past);
      await castAll(ctx, past, ids, PAST_PROPOSALS.map((p) => ({ title: p.title, votes: p.scores })));
      // The committee's appraisal, approved before the vote opened: the results combine it with the vote (issue 14).
      const rated = await seedPastAppraisal({ tx: ctx.tx, call: past, proposalIds: ids, promoterUserId: ctx.promoterUserId, promoterOrgId: ctx.promoterOrgId, org: ctx.org });
      await writeResults(ctx.tx, { call: rated, actorUserId: ctx.promoterUserId, version: 1, reason: null, at: past.resultsPublishedAt ?? undefined });
    });
    result.changes.push(`proposals, ballots, technical appraisal and results of "${PAST_CALL_TITLE}"`);
  }

  if (!(await findCall(VOTING_CALL_TITLE))) {
    await inTx(async (ctx) => {
      const call = await insertCall(ctx, {
        ...common,
        title: VOTING_CALL_TITLE,
        description: "Servizi di **sicurezza informatica** condivisi tra imprese ed enti del Canavese: monitoraggio, formazione, continuità operativa.",
        budgetCents: 60_000_000,
        maxRequestCents: 25_000_000,
        submissionOpensAt: romeDay(-40, "09:00"),
        submissionClosesAt: romeDay(-10, "18:00"),
        votingOpensAt: romeDay(-2, "09:00"),
        votingClosesAt: romeDay(12, "18:00"),
        ballotsPublic: false,
        publishedAt: romeDay(-41, "12:00"),
      });
      await insertProposals(ctx, call, VOTING_PROPOSALS, (i) => romeDay(-VOTING_PROPOSALS[i].submittedDaysAgo, "11:00"));
    });
    result.changes.push(`call "${VOTING_CALL_TITLE}" voting now, with ${VOTING_PROPOSALS.length} admissible proposals`);
  }

  if (!(await findCall(REVIEW_CALL_TITLE))) {
    await inTx(async (ctx) => {
      const call = await insertCall(ctx, {
        ...common,
        title: REVIEW_CALL_TITLE,
        description: "Vetrine e pagamenti **online** condivisi per le botteghe e le imprese turistiche del Canavese.",
        themes: ["ecommerce", "marketplace"],
        sectors: ["services", "tourism"],
        budgetCents: 40_000_000,
        maxRequestCents: 20_000_000,
        submissionOpensAt: romeDay(-45, "09:00"),
        submissionClosesAt: romeDay(-2, "18:00"),
        votingOpensAt: romeDay(8, "09:00"),
        votingClosesAt: romeDay(22, "18:00"),
        ballotsPublic: false,
        publishedAt: romeDay(-46, "12:00"),
      });
      await insertProposals(ctx, call, REVIEW_PROPOSALS, (i) => romeDay(-REVIEW_PROPOSALS[i].submittedDaysAgo, "11:00"), "submitted");
    });
    result.changes.push(`call "${REVIEW_CALL_TITLE}" in review, with ${REVIEW_PROPOSALS.length} proposals to mark`);
  }

  if (!(await findCall(COUNTING_CALL_TITLE))) {
    await inTx(async (ctx) => {
      const call = await insertCall(ctx, {
        ...common,
        title: COUNTING_CALL_TITLE,
        description: "Infrastrutture **cloud** comuni per i Comuni e gli enti del Canavese.",
        themes: ["cloud"],
        sectors: ["infrastructure", "services"],
        budgetCents: 50_000_000,
        maxRequestCents: 20_000_000,
        submissionOpensAt: romeDay(-60, "09:00"),
        submissionClosesAt: romeDay(-25, "18:00"),
        votingOpensAt: romeDay(-15, "09:00"),
        votingClosesAt: romeDay(-1, "18:00"),
        ballotsPublic: true,
        publishedAt: romeDay(-61, "12:00"),
      });
      const ids = await insertProposals(ctx, call, COUNTING_PROPOSALS, (i) => romeDay(-COUNTING_PROPOSALS[i].submittedDaysAgo, "11:00"));
      await snapshotAt(ctx, call);
      await castAll(ctx, call, ids, COUNTING_PROPOSALS.map((p) => ({ title: p.title, votes: p.ballots })));
    });
    result.changes.push(`call "${COUNTING_CALL_TITLE}" with its vote closed and ballots waiting to be counted`);
  }

  for (const [title, list] of [
    [PAST_CALL_TITLE, PAST_PROPOSALS],
    [VOTING_CALL_TITLE, VOTING_PROPOSALS],
    [REVIEW_CALL_TITLE, REVIEW_PROPOSALS],
    [COUNTING_CALL_TITLE, COUNTING_PROPOSALS],
  ] as const) {
    const call = await findCall(title);
    if (!call) continue;
    let added = 0;
    await inTx(async (ctx) => {
      added = await ensureImportedBudgets(ctx, call.id, list);
    });
    if (added > 0) result.changes.push(`budgets of ${added} imported proposals of "${title}"`);
  }
}
