import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { callResults, calls, coalitions, expenseLines, expenseReports, grants, incentiveApplications, incentiveProgrammes, organisations, proposalBudgetLines, proposals, tranches, users, type Grant } from "@/db/schema";
import { record } from "@/lib/audit";
import { now } from "@/lib/clock";
import { detectFileType, sanitiseFileName } from "@/lib/documents/file-type";
import { documentAuditData, insertDocument } from "@/lib/documents/service";
import { romeDate } from "@/lib/incentives/application-machine";
import { advanceCeilingCents, earnedCents, lineAllowanceCents } from "@/lib/incentives/grant-money";
import { createGrantsForResults } from "@/lib/incentives/grants";
import { createApplication } from "@/lib/incentives/service";
import { romeLocalToUtc } from "@/lib/time";
import { demoPdf } from "./attachments";
import { PAST_CALL_TITLE } from "./calls";
import { DEMO_COALITION, DEMO_SIGN_INS, demoOrganisation } from "./data";
import { FESR_NAME } from "./incentives";
import {
  ACADEMY_PROPOSAL_TITLE,
  DEMO_ADVANCE,
  DEMO_ADVANCE_MAX_BP,
  DEMO_CONCESSION_ACT,
  DEMO_GRANT_CODES,
  DEMO_INTERIM_PAID_ON,
  DEMO_SAL_1,
  DEMO_SAL_2,
  SECURITY_COFINANCING_APPLICATION,
  SECURITY_PROPOSAL_TITLE,
  type DemoExpense,
} from "./grants-data";
import type { SeedResult } from "./seed";

/**
 * The pact's grants of the past call (issue 11), so that the grant pages, the firm's desk and
 * the promoter's view are not empty (the story is in grants-data.ts). The results' own
 * transaction makes the grants (lib/voting/service.ts writeResults); a database seeded before
 * that gets them here through the same function. The rest is written
 * directly, as services cannot act in the past, each grant in one transaction under its row lock
 * with its audit entries, keeping the money rules: paid = Σ tranches, accepted = Σ accepted
 * lines, advance within the call's ceiling, interim = earned − paid. Idempotent: a grant whose
 * concession is already recorded is left alone.
 */

const day = (offset: number, from = romeDate(now())) => {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};
const noonInRome = (date: string) => romeLocalToUtc(`${date}T12:00`);

type Ctx = { tx: Tx; promoterUserId: string; promoterOrgId: string; call: typeof calls.$inferSelect };

async function orgId(db: Db | Tx, key: string): Promise<string> {
  const o = demoOrganisation(key);
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale));
  return row.id;
}

async function userId(db: Db | Tx, email: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row.id;
}

const moneyOf = (g: Pick<Grant, "status" | "grantedCents" | "revokedCents" | "paidCents" | "acceptedCents">) => ({
  status: g.status,
  grantedCents: g.grantedCents,
  revokedCents: g.revokedCents,
  paidCents: g.paidCents,
  acceptedCents: g.acceptedCents,
});

/**
 * The grants of the results' funded proposals, through the results' own rule
 * (lib/incentives/grants.ts createGrantsForResults, which skips proposals that have them):
 * a database seeded before grants existed gets them now.
 */
async function ensureGrantRows(ctx: Ctx, result: SeedResult): Promise<void> {
  const { tx, call } = ctx;
  const [results] = await tx.select().from(callResults).where(eq(callResults.callId, call.id)).orderBy(desc(callResults.version)).limit(1);
  if (!results) return;
  const funded = results.ranking.filter((e) => e.outcome === "allocated" && e.allocatedCents > 0);
  const { created } = await createGrantsForResults(tx, {
    call,
    version: results.version,
    actorUserId: ctx.promoterUserId,
    selectedProposalIds: funded.map((e) => e.proposalId),
    allocations: new Map(funded.map((e) => [e.proposalId, e.allocatedCents])),
    at: results.publishedAt,
  });
  if (created > 0) result.changes.push(`${created} grants for the funded proposals of "${PAST_CALL_TITLE}"`);
}

async function lockedGrant(ctx: Ctx, proposalTitle: string, key: string): Promise<Grant | null> {
  const organisationId = await orgId(ctx.tx, key);
  const [row] = await ctx.tx
    .select({ grant: grants })
    .from(grants)
    .innerJoin(proposals, eq(proposals.id, grants.proposalId))
    .where(and(eq(grants.callId, ctx.call.id), eq(proposals.title, proposalTitle), eq(grants.organisationId, organisationId)))
    .for("update", { of: grants });
  return row?.grant ?? null;
}

async function update(ctx: Ctx, g: Grant, values: Partial<typeof grants.$inferInsert>): Promise<Grant> {
  const [row] = await ctx.tx
    .update(grants)
    .set({ ...values, version: g.version + 1, updatedAt: now() })
    .where(eq(grants.id, g.id))
    .returning();
  return row;
}

async function recordConcession(ctx: Ctx, g: Grant, key: string, dates: { startsOn: string; endsOn: string; finalReportDueOn: string }): Promise<Grant> {
  const fields = { ...DEMO_CONCESSION_ACT, ...DEMO_GRANT_CODES[key], ...dates };
  const before = Object.fromEntries(Object.keys(fields).map((k) => [k, g[k as keyof typeof fields]]));
  const row = await update(ctx, g, fields);
  await record(ctx.tx, { actorUserId: ctx.promoterUserId, organisationId: g.organisationId, action: "grant.concession_recorded", entityType: "grant", entityId: g.id, data: { before, after: fields } });
  return row;
}

async function payTranche(ctx: Ctx, g: Grant, t: { kind: "advance" | "interim"; amountCents: number; paidOn: string; guarantee?: string; reportId?: string }): Promise<Grant> {
  if (t.amountCents <= 0 || g.paidCents + t.amountCents > g.grantedCents - g.revokedCents) throw new Error(`Seed tranche of ${t.amountCents} does not fit grant ${g.id}`);
  const [tranche] = await ctx.tx
    .insert(tranches)
    .values({ grantId: g.id, kind: t.kind, amountCents: t.amountCents, guarantee: t.guarantee ?? null, reportId: t.reportId ?? null, paidOn: t.paidOn, createdBy: ctx.promoterUserId, createdAt: noonInRome(t.paidOn) })
    .returning();
  const row = await update(ctx, g, { paidCents: g.paidCents + t.amountCents, status: g.status === "granted" ? "in_progress" : g.status });
  await record(ctx.tx, {
    actorUserId: ctx.promoterUserId,
    organisationId: g.organisationId,
    action: "grant.tranche_paid",
    entityType: "grant",
    entityId: g.id,
    data: { trancheId: tranche.id, kind: t.kind, amountCents: t.amountCents, paidOn: t.paidOn, guarantee: t.guarantee ?? null, reportId: t.reportId ?? null, before: moneyOf(g), after: moneyOf(row) },
  });
  return row;
}

/** An expense report with its invoices (documents of kind 'invoice'), submitted; reviewed when the lines say so. */
async function fileReport(
  ctx: Ctx,
  g: Grant,
  r: { number: number; lines: DemoExpense[]; submittedOn: string; reviewedOn?: string; representativeUserId: string },
): Promise<{ grant: Grant; reportId: string }> {
  const [budgetLine] = await ctx.tx
    .select()
    .from(proposalBudgetLines)
    .where(and(eq(proposalBudgetLines.proposalId, g.proposalId), eq(proposalBudgetLines.organisationId, g.organisationId)))
    .orderBy(asc(proposalBudgetLines.position))
    .limit(1);
  const submittedAt = noonInRome(r.submittedOn);
  const [report] = await ctx.tx
    .insert(expenseReports)
    .values({ grantId: g.id, number: r.number, status: "submitted", submittedAt, submittedBy: r.representativeUserId, createdBy: r.representativeUserId, createdAt: submittedAt, updatedAt: submittedAt })
    .returning();
  await record(ctx.tx, { actorUserId: r.representativeUserId, organisationId: g.organisationId, action: "expense_report.created", entityType: "grant", entityId: g.id, data: { reportId: report.id, number: r.number, isFinal: false } });
  const lineIds: string[] = [];
  for (const [position, e] of r.lines.entries()) {
    const bytes = demoPdf([`Fattura ${e.invoiceNumber}`, e.supplier, `Data: ${e.invoiceDate.split("-").reverse().join("/")}`, `Totale: ${(e.amountCents / 100).toFixed(2)} EUR`, "Documento dimostrativo generato dal seed di Tavolo."]);
    const detected = detectFileType(bytes);
    if (!detected) throw new Error("The seed's invoice is not a file Tavolo accepts");
    const document = await insertDocument(ctx.tx, {
      kind: "invoice",
      organisationId: g.organisationId,
      title: `${e.invoiceNumber} — ${e.supplier}`,
      fileName: sanitiseFileName(`Fattura ${e.invoiceNumber}`, detected.extension),
      uploadedBy: r.representativeUserId,
      bytes,
      detected,
    });
    const [line] = await ctx.tx
      .insert(expenseLines)
      .values({ reportId: report.id, budgetLineId: budgetLine.id, supplier: e.supplier, invoiceNumber: e.invoiceNumber, invoiceDate: e.invoiceDate, amountCents: e.amountCents, documentId: document.id, position: position + 1, createdAt: submittedAt })
      .returning();
    lineIds.push(line.id);
    await record(ctx.tx, {
      actorUserId: r.representativeUserId,
      organisationId: g.organisationId,
      action: "expense_report.line_added",
      entityType: "grant",
      entityId: g.id,
      data: { reportId: report.id, number: r.number, lineId: line.id, supplier: e.supplier, invoiceNumber: e.invoiceNumber, invoiceDate: e.invoiceDate, amountCents: e.amountCents, invoice: documentAuditData(document) },
    });
  }
  await record(ctx.tx, { actorUserId: r.representativeUserId, organisationId: g.organisationId, action: "expense_report.submitted", entityType: "grant", entityId: g.id, data: { reportId: report.id, number: r.number, claimedCents: r.lines.reduce((a, e) => a + e.amountCents, 0) } });
  let grant = g.status === "granted" ? await update(ctx, g, { status: "in_progress" }) : g;
  if (!r.reviewedOn) return { grant, reportId: report.id };

  // The review: within the line's allowance (with the call's tolerance) and the grant's eligible cost.
  const reviewedAt = noonInRome(r.reviewedOn);
  let accepted = 0;
  for (const [i, e] of r.lines.entries()) {
    const acceptedCents = e.cut ? e.cut.acceptedCents : e.amountCents;
    await ctx.tx
      .update(expenseLines)
      .set(e.cut ? { review: "cut", acceptedCents, cutReason: e.cut.reason } : { review: "accepted", acceptedCents })
      .where(eq(expenseLines.id, lineIds[i]));
    accepted += acceptedCents;
    await record(ctx.tx, {
      actorUserId: ctx.promoterUserId,
      organisationId: g.organisationId,
      action: "expense_report.line_reviewed",
      entityType: "grant",
      entityId: g.id,
      data: { reportId: report.id, lineId: lineIds[i], before: { review: "pending", acceptedCents: null }, after: { review: e.cut ? "cut" : "accepted", acceptedCents, cutReason: e.cut?.reason ?? null } },
    });
  }
  if (grant.acceptedCents + accepted > Math.min(grant.eligibleCostCents, lineAllowanceCents(budgetLine.amountCents, ctx.call.lineToleranceBp))) {
    throw new Error(`Seed expenses above the allowance of grant ${g.id}`);
  }
  await ctx.tx.update(expenseReports).set({ status: "reviewed", reviewedAt, reviewedBy: ctx.promoterUserId, version: 2, updatedAt: reviewedAt }).where(eq(expenseReports.id, report.id));
  const before = grant;
  grant = await update(ctx, grant, { acceptedCents: grant.acceptedCents + accepted });
  await record(ctx.tx, {
    actorUserId: ctx.promoterUserId,
    organisationId: g.organisationId,
    action: "expense_report.reviewed",
    entityType: "grant",
    entityId: g.id,
    data: { reportId: report.id, number: r.number, acceptedCents: accepted, before: moneyOf(before), after: moneyOf(grant) },
  });
  return { grant, reportId: report.id };
}

/** Software Eporedia: concession, advance, SAL 1 reviewed with a cut, interim tranche, SAL 2 waiting; deadlines within 30 days. */
async function securityStory(ctx: Ctx, result: SeedResult): Promise<void> {
  let g = await lockedGrant(ctx, SECURITY_PROPOSAL_TITLE, "software-eporedia");
  if (!g || g.cup || g.status !== "granted" || g.paidCents > 0) return;
  const representative = await userId(ctx.tx, DEMO_SIGN_INS.softwareFirmAdmin);
  g = await recordConcession(ctx, g, "software-eporedia", { startsOn: "2025-09-01", endsOn: day(10), finalReportDueOn: day(20) });
  if (DEMO_ADVANCE.amountCents > advanceCeilingCents(g.grantedCents, ctx.call.advanceMaxBp)) throw new Error("The seed's advance is above the call's ceiling");
  g = await payTranche(ctx, g, { kind: "advance", amountCents: DEMO_ADVANCE.amountCents, paidOn: DEMO_ADVANCE.paidOn, guarantee: DEMO_ADVANCE.guarantee });
  const first = await fileReport(ctx, g, { number: 1, lines: DEMO_SAL_1, submittedOn: "2025-12-01", reviewedOn: "2026-01-12", representativeUserId: representative });
  g = first.grant;
  const interim = earnedCents(g) - g.paidCents;
  g = await payTranche(ctx, g, { kind: "interim", amountCents: interim, paidOn: DEMO_INTERIM_PAID_ON, reportId: first.reportId });
  await fileReport(ctx, g, { number: 2, lines: DEMO_SAL_2, submittedOn: day(-3), representativeUserId: representative });
  result.changes.push(`grant of Software Eporedia on "${SECURITY_PROPOSAL_TITLE}": concession, advance, SAL 1 reviewed, interim tranche, SAL 2 submitted`);
}

/** The academy's partners: concessions; the university's final report is overdue (late). */
async function academyStory(ctx: Ctx, result: SeedResult): Promise<void> {
  const plans: [string, { startsOn: string; endsOn: string; finalReportDueOn: string }][] = [
    ["universita", { startsOn: "2025-09-01", endsOn: day(-75), finalReportDueOn: day(-15) }],
    ["fondazione", { startsOn: "2025-09-01", endsOn: day(180), finalReportDueOn: day(240) }],
    ["industriali", { startsOn: "2025-09-01", endsOn: day(180), finalReportDueOn: day(240) }],
  ];
  for (const [key, dates] of plans) {
    const g = await lockedGrant(ctx, ACADEMY_PROPOSAL_TITLE, key);
    if (!g || g.cup || g.status !== "granted") continue;
    await recordConcession(ctx, g, key, dates);
    result.changes.push(`concession of ${key}'s grant on "${ACADEMY_PROPOSAL_TITLE}"`);
  }
}

/**
 * Software Eporedia applies to the regional FESR programme for the part of the security project
 * the pact does not fund (its co-financing), linked to the proposal: the promoter's view shows
 * a coalition project's external application next to the pact's grants. Through the service.
 */
async function ensureCofinancingApplication(db: Db, result: SeedResult): Promise<void> {
  const organisationId = await orgId(db, "software-eporedia");
  const [existing] = await db
    .select({ id: incentiveApplications.id })
    .from(incentiveApplications)
    .where(and(eq(incentiveApplications.organisationId, organisationId), eq(incentiveApplications.title, SECURITY_COFINANCING_APPLICATION.title)));
  if (existing) return;
  const [programme] = await db.select({ id: incentiveProgrammes.id }).from(incentiveProgrammes).where(eq(incentiveProgrammes.name, FESR_NAME));
  const [proposal] = await db.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.title, SECURITY_PROPOSAL_TITLE), eq(proposals.leadOrganisationId, organisationId)));
  if (!programme || !proposal) return;
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${DEMO_SIGN_INS.softwareFirmAdmin}`);
  await createApplication(db, { userId: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin }, {
    organisationId,
    programmeId: programme.id,
    proposalId: proposal.id,
    title: SECURITY_COFINANCING_APPLICATION.title,
    eligibleCost: SECURITY_COFINANCING_APPLICATION.eligibleCostCents,
    requested: SECURITY_COFINANCING_APPLICATION.requestedCents,
  });
  result.changes.push(`incentive application "${SECURITY_COFINANCING_APPLICATION.title}" (planned, on "${SECURITY_PROPOSAL_TITLE}")`);
}

export async function ensureGrants(db: Db, result: SeedResult): Promise<void> {
  const [call] = await db
    .select({ call: calls })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, PAST_CALL_TITLE)));
  if (!call) return;
  const promoterUserId = await userId(db, DEMO_SIGN_INS.promoter);
  const [coalition] = await db.select({ promoterOrgId: coalitions.promoterOrganisationId }).from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
  await db.transaction(async (tx) => {
    let current = call.call;
    // The past call predates the grant settings: give it the demo's advance ceiling once, before any advance.
    if (current.advanceMaxBp === 0) {
      const paidAdvances = await tx
        .select({ id: tranches.id })
        .from(tranches)
        .innerJoin(grants, eq(grants.id, tranches.grantId))
        .where(and(eq(grants.callId, current.id), inArray(tranches.kind, ["advance"])));
      if (paidAdvances.length === 0) {
        [current] = await tx.update(calls).set({ advanceMaxBp: DEMO_ADVANCE_MAX_BP }).where(eq(calls.id, current.id)).returning();
        await record(tx, {
          actorUserId: promoterUserId,
          organisationId: coalition.promoterOrgId,
          action: "call.updated",
          entityType: "call",
          entityId: current.id,
          data: { before: { advanceMaxBp: 0 }, after: { advanceMaxBp: DEMO_ADVANCE_MAX_BP } },
        });
        result.changes.push(`advance ceiling of "${PAST_CALL_TITLE}"`);
      }
    }
    const ctx: Ctx = { tx, promoterUserId, promoterOrgId: coalition.promoterOrgId, call: current };
    await ensureGrantRows(ctx, result);
    await securityStory(ctx, result);
    await academyStory(ctx, result);
  });
  await ensureCofinancingApplication(db, result);
}
