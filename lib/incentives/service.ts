import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { deMinimisAid, incentiveApplications, incentiveProgrammes, organisations, proposalPartners, proposals, type IncentiveApplication, type IncentiveProgramme } from "@/db/schema";
import { parseInput } from "@/lib/action";
import { record } from "@/lib/audit";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { AppError, type FieldErrors, type Problem } from "@/lib/errors";
import { planMove, romeDate, editableStatuses, submissionWindowProblem } from "./application-machine";
import { checkDeMinimis, deMinimisProblem } from "./de-minimis";
import { intensityProblems } from "./intensity";
import { requireApplicationRepresentative, requireLedgerRepresentative } from "./permissions";
import {
  createApplicationSchema,
  declareDeMinimisAidSchema,
  moveApplicationSchema,
  recordDisbursementSchema,
  updateApplicationSchema,
  withdrawDeMinimisAidSchema,
} from "./schemas";

/**
 * Incentive applications and the de minimis ledger (issue 11, items 5 and 6). Only the
 * representatives of the applying organisation change them (permissions.ts); every change
 * writes an audit entry with the values before and after, in the same transaction.
 */

/** Problems → the error every form shows: the first problem's message, each field's keys. */
function refuse(code: "VALIDATION" | "INVALID_STATE", problems: Problem[]): never {
  const fieldErrors: FieldErrors = {};
  for (const p of problems) (fieldErrors[p.field] ??= []).push(p.key);
  throw new AppError(code, problems[0].key, fieldErrors, { values: problems[0].values, problems });
}

/** Problems a saved draft may have: amounts may still be blank, but never inconsistent. */
const BLANK_KEYS = new Set(["incentiveEligibleCostRequired", "incentiveRequestedRequired"]);

async function organisationOf(tx: Tx, organisationId: string) {
  const [org] = await tx
    .select({ id: organisations.id, kind: organisations.kind, sizeClass: organisations.sizeClass, status: organisations.status, legalName: organisations.legalName })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return org;
}

/** The programme's global catalogue or any coalition's: all are public. */
async function programmeOf(tx: Tx, programmeId: string): Promise<IncentiveProgramme> {
  const [programme] = await tx.select().from(incentiveProgrammes).where(eq(incentiveProgrammes.id, programmeId));
  if (!programme) throw new AppError("NOT_FOUND", "incentiveProgrammeNotFound");
  return programme;
}

/** The proposal the application is for must be one the organisation leads or joins (accepted). */
async function checkProposal(tx: Tx, organisationId: string, proposalId: string): Promise<void> {
  const [lead] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.id, proposalId), eq(proposals.leadOrganisationId, organisationId)));
  if (lead) return;
  const [partner] = await tx
    .select({ id: proposalPartners.proposalId })
    .from(proposalPartners)
    .where(and(eq(proposalPartners.proposalId, proposalId), eq(proposalPartners.organisationId, organisationId), eq(proposalPartners.status, "accepted")));
  if (!partner) throw new AppError("NOT_FOUND", "proposalNotFound", { proposalId: ["proposalNotFound"] });
}

/** The fields of an application an audit entry shows before and after. */
const AUDITED = [
  "title",
  "status",
  "eligibleCostCents",
  "requestedCents",
  "plannedGrantDate",
  "protocolNumber",
  "submittedAt",
  "grantedOn",
  "grantedCents",
  "disbursedCents",
  "cup",
  "cor",
  "projectEndsOn",
  "finalReportDueOn",
  "statusReason",
] as const satisfies readonly (keyof IncentiveApplication)[];

type Audited = Partial<Record<(typeof AUDITED)[number], unknown>>;

/** Only the fields that changed, as { before, after } (instants as ISO text). */
export function diff(before: Partial<IncentiveApplication>, after: Partial<IncentiveApplication>): { before: Audited; after: Audited } {
  const b: Audited = {};
  const a: Audited = {};
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
  for (const key of AUDITED) {
    if (!(key in after)) continue;
    const was = plain(before[key]);
    const is = plain(after[key]);
    if (was !== is) {
      b[key] = was;
      a[key] = is;
    }
  }
  return { before: b, after: a };
}

/** Locks the application for a representative of its organisation; CONFLICT when the version is stale. */
async function lockApplication(tx: Tx, actor: Actor, applicationId: string, version: number) {
  const { application, organisationId } = await requireApplicationRepresentative(tx, actor, applicationId, { lock: true });
  if (application.version !== version) {
    throw new AppError("CONFLICT", "incentiveApplicationStale", undefined, { values: { at: application.updatedAt.toISOString() } });
  }
  return { application, organisationId };
}

/**
 * A representative of an organisation creates an application (status planned) to a programme,
 * linked to one of its proposals where there is one. Amounts may be blank in a plan, but those
 * given must fit the programme (intensity for the organisation's size class, cost bounds, aid cap).
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND (organisation, programme, proposal),
 * FORBIDDEN (not a representative, organisation not verified).
 */
export async function createApplication(db: Db, actor: Actor | null, input: unknown): Promise<{ id: string }> {
  const data = parseInput(createApplicationSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    await requireLedgerRepresentative(tx, who, data.organisationId);
    const org = await organisationOf(tx, data.organisationId);
    if (org.status !== "verified") throw new AppError("FORBIDDEN", "organisationNotVerified");
    const programme = await programmeOf(tx, data.programmeId);
    if (data.proposalId) await checkProposal(tx, org.id, data.proposalId);
    const amounts = { eligibleCostCents: data.eligibleCost, requestedCents: data.requested };
    const problems = intensityProblems(programme, org.sizeClass, amounts).filter((p) => !BLANK_KEYS.has(p.key));
    if (problems.length > 0) refuse("VALIDATION", problems);
    const at = now();
    const [row] = await tx
      .insert(incentiveApplications)
      .values({
        programmeId: programme.id,
        organisationId: org.id,
        proposalId: data.proposalId,
        title: data.title,
        eligibleCostCents: amounts.eligibleCostCents,
        requestedCents: amounts.requestedCents,
        plannedGrantDate: data.plannedGrantDate,
        createdBy: who.userId,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await record(tx, {
      actorUserId: who.userId,
      organisationId: org.id,
      action: "incentive_application.created",
      entityType: "incentive_application",
      entityId: row.id,
      data: { programmeId: programme.id, proposalId: data.proposalId, ...diff({}, row) },
    });
    return { id: row.id };
  });
}

/**
 * A representative changes the title, amounts or planned grant date while the application is
 * planned or being prepared. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN,
 * CONFLICT (stale version), INVALID_STATE (already submitted).
 */
export async function updateApplication(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(updateApplicationSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { application, organisationId } = await lockApplication(tx, who, data.applicationId, data.version);
    if (!editableStatuses.includes(application.status)) throw new AppError("INVALID_STATE", "incentiveAmountsFrozen");
    const org = await organisationOf(tx, organisationId);
    const programme = await programmeOf(tx, application.programmeId);
    const amounts = { eligibleCostCents: data.eligibleCost, requestedCents: data.requested };
    const problems = intensityProblems(programme, org.sizeClass, amounts).filter((p) => !BLANK_KEYS.has(p.key));
    if (problems.length > 0) refuse("VALIDATION", problems);
    const changes = {
      title: data.title ?? application.title,
      eligibleCostCents: amounts.eligibleCostCents,
      requestedCents: amounts.requestedCents,
      plannedGrantDate: data.plannedGrantDate,
    };
    const { before, after } = diff(application, changes);
    if (Object.keys(after).length === 0) return { version: application.version };
    const [row] = await tx
      .update(incentiveApplications)
      .set({ ...changes, version: application.version + 1, updatedAt: now() })
      .where(eq(incentiveApplications.id, application.id))
      .returning({ version: incentiveApplications.version });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "incentive_application.updated",
      entityType: "incentive_application",
      entityId: application.id,
      data: { before, after },
    });
    return { version: row.version };
  });
}

/**
 * Moves the application as the state machine allows, with the fields the move needs.
 * Submission also checks the amounts against the programme (intensity, bounds) and, for a de
 * minimis programme, the rolling three-year ceiling up to the planned grant date (today when
 * none): a request above the headroom is refused with the figures. A grant of a de minimis
 * application writes the ledger row (source tavolo) in the same transaction; revoking it
 * withdraws that row. Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, CONFLICT,
 * INVALID_STATE (a move the machine does not allow, the de minimis ceiling, or a submission
 * outside the programme's window: not yet open, closed, funds exhausted).
 */
export async function moveApplication(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number }> {
  const data = parseInput(moveApplicationSchema, input);
  const who = requireActor(actor);
  return db.transaction(async (tx) => {
    const { application, organisationId } = await lockApplication(tx, who, data.applicationId, data.version);
    const at = now();
    const plan = planMove(application, { ...data, grantedCents: data.grantedCents ?? null }, at);
    if (!plan.ok) refuse(plan.problems[0].key === "incentiveMoveNotAllowed" ? "INVALID_STATE" : "VALIDATION", plan.problems);
    const programme = await programmeOf(tx, application.programmeId);
    let deMinimis: ReturnType<typeof checkDeMinimis> | undefined;

    if (plan.changes.status === "submitted") {
      // Only while the programme takes applications: not before it opens, not once it has closed
      // or its funds are exhausted.
      const outside = submissionWindowProblem(programme, at);
      if (outside) refuse("INVALID_STATE", [outside]);
      const org = await organisationOf(tx, organisationId);
      const problems = intensityProblems(programme, org.sizeClass, application);
      if (problems.length > 0) refuse("VALIDATION", problems);
      if (programme.aidRegime === "de_minimis") {
        // Lock the organisation's ledger rows: a declaration in flight cannot slip past the check.
        const aids = await tx
          .select({ grantedOn: deMinimisAid.grantedOn, amountCents: deMinimisAid.amountCents, withdrawnAt: deMinimisAid.withdrawnAt })
          .from(deMinimisAid)
          .where(eq(deMinimisAid.organisationId, organisationId))
          .for("update");
        deMinimis = checkDeMinimis(aids, application.plannedGrantDate ?? romeDate(at), application.requestedCents);
        const problem = deMinimisProblem(deMinimis);
        if (problem) refuse("INVALID_STATE", [problem]);
      }
    }

    const { before, after } = diff(application, plan.changes);
    const [row] = await tx
      .update(incentiveApplications)
      .set({ ...plan.changes, version: application.version + 1, updatedAt: at })
      .where(eq(incentiveApplications.id, application.id))
      .returning();
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "incentive_application.moved",
      entityType: "incentive_application",
      entityId: application.id,
      data: {
        from: application.status,
        to: row.status,
        reason: plan.changes.statusReason ?? null,
        before,
        after,
        ...(deMinimis ? { deMinimis: { grantDate: deMinimis.grantDate, usedCents: deMinimis.usedCents, headroomCents: deMinimis.headroomCents } } : {}),
      },
    });

    if (programme.aidRegime === "de_minimis" && row.status === "granted") {
      const [aid] = await tx
        .insert(deMinimisAid)
        .values({
          organisationId,
          source: "tavolo",
          applicationId: row.id,
          grantedOn: row.grantedOn!,
          authority: programme.authority,
          description: `${programme.name} — ${row.title}`.slice(0, 500),
          amountCents: row.grantedCents!,
          cor: row.cor,
          createdBy: who.userId,
          createdAt: at,
        })
        .returning();
      await record(tx, {
        actorUserId: who.userId,
        organisationId,
        action: "de_minimis_aid.recorded",
        entityType: "de_minimis_aid",
        entityId: aid.id,
        data: { applicationId: row.id, grantedOn: aid.grantedOn, amountCents: aid.amountCents, authority: aid.authority, cor: aid.cor },
      });
    }
    if (row.status === "revoked") {
      const withdrawn = await tx
        .update(deMinimisAid)
        .set({ withdrawnAt: at, withdrawalReason: row.statusReason })
        .where(and(eq(deMinimisAid.applicationId, row.id), isNull(deMinimisAid.withdrawnAt)))
        .returning({ id: deMinimisAid.id });
      for (const w of withdrawn) {
        await record(tx, {
          actorUserId: who.userId,
          organisationId,
          action: "de_minimis_aid.withdrawn",
          entityType: "de_minimis_aid",
          entityId: w.id,
          data: { applicationId: row.id, before: { withdrawnAt: null }, after: { withdrawnAt: at.toISOString() }, reason: row.statusReason },
        });
      }
    }
    return { version: row.version };
  });
}

/**
 * Money received on a granted application: the total paid never exceeds the amount granted.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE (not granted,
 * or above what is left to pay).
 */
export async function recordDisbursement(db: Db, actor: Actor | null, input: unknown): Promise<{ version: number; disbursedCents: number }> {
  const data = parseInput(recordDisbursementSchema, input);
  const who = requireActor(actor);
  if (data.amount <= 0) throw new AppError("VALIDATION", "amountPositive", { amount: ["amountPositive"] });
  return db.transaction(async (tx) => {
    const { application, organisationId } = await lockApplication(tx, who, data.applicationId, data.version);
    if (application.status !== "granted" || application.grantedCents === null) throw new AppError("INVALID_STATE", "incentiveNotGranted");
    if (data.receivedOn > romeDate(now())) throw new AppError("VALIDATION", "incentiveDateInFuture", { receivedOn: ["incentiveDateInFuture"] });
    if (application.grantedOn && data.receivedOn < application.grantedOn) {
      throw new AppError("VALIDATION", "incentivePaidBeforeGrant", { receivedOn: ["incentivePaidBeforeGrant"] });
    }
    const leftCents = application.grantedCents - application.disbursedCents;
    if (data.amount > leftCents) {
      throw new AppError("INVALID_STATE", "incentivePaidAboveGranted", { amount: ["incentivePaidAboveGranted"] }, {
        values: { amountCents: data.amount, leftCents, grantedCents: application.grantedCents },
      });
    }
    const disbursedCents = application.disbursedCents + data.amount;
    const [row] = await tx
      .update(incentiveApplications)
      .set({ disbursedCents, version: application.version + 1, updatedAt: now() })
      .where(eq(incentiveApplications.id, application.id))
      .returning({ version: incentiveApplications.version });
    await record(tx, {
      actorUserId: who.userId,
      organisationId,
      action: "incentive_application.disbursed",
      entityType: "incentive_application",
      entityId: application.id,
      data: { amountCents: data.amount, receivedOn: data.receivedOn, before: { disbursedCents: application.disbursedCents }, after: { disbursedCents } },
    });
    return { version: row.version, disbursedCents };
  });
}

/**
 * A representative declares de minimis aid the organisation received outside Tavolo (date,
 * authority, amount, COR). Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN.
 */
export async function declareDeMinimisAid(db: Db, actor: Actor | null, input: unknown): Promise<{ id: string }> {
  const data = parseInput(declareDeMinimisAidSchema, input);
  const who = requireActor(actor);
  if (data.grantedOn > romeDate(now())) throw new AppError("VALIDATION", "incentiveDateInFuture", { grantedOn: ["incentiveDateInFuture"] });
  return db.transaction(async (tx) => {
    await requireLedgerRepresentative(tx, who, data.organisationId);
    const [row] = await tx
      .insert(deMinimisAid)
      .values({
        organisationId: data.organisationId,
        source: "declared",
        grantedOn: data.grantedOn,
        authority: data.authority,
        description: data.description,
        amountCents: data.amount,
        cor: data.cor,
        createdBy: who.userId,
        createdAt: now(),
      })
      .returning();
    await record(tx, {
      actorUserId: who.userId,
      organisationId: data.organisationId,
      action: "de_minimis_aid.declared",
      entityType: "de_minimis_aid",
      entityId: row.id,
      data: { after: { grantedOn: row.grantedOn, authority: row.authority, description: row.description, amountCents: row.amountCents, cor: row.cor } },
    });
    return { id: row.id };
  });
}

/**
 * A representative withdraws a declared row (a mistake, a duplicate) with a reason; rows
 * written by Tavolo follow their application (revoked) and cannot be withdrawn here.
 * Throws UNAUTHENTICATED, VALIDATION, NOT_FOUND, FORBIDDEN, INVALID_STATE.
 */
export async function withdrawDeMinimisAid(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const data = parseInput(withdrawDeMinimisAidSchema, input);
  const who = requireActor(actor);
  await db.transaction(async (tx) => {
    const [found] = await tx.select({ organisationId: deMinimisAid.organisationId }).from(deMinimisAid).where(eq(deMinimisAid.id, data.aidId));
    if (!found) throw new AppError("NOT_FOUND", "deMinimisAidNotFound");
    await requireLedgerRepresentative(tx, who, found.organisationId, "deMinimisAidNotFound");
    const [aid] = await tx.select().from(deMinimisAid).where(eq(deMinimisAid.id, data.aidId)).for("update");
    if (aid.source !== "declared") throw new AppError("INVALID_STATE", "deMinimisAidNotDeclared");
    if (aid.withdrawnAt) throw new AppError("INVALID_STATE", "deMinimisAidAlreadyWithdrawn");
    const at = now();
    await tx.update(deMinimisAid).set({ withdrawnAt: at, withdrawalReason: data.reason }).where(eq(deMinimisAid.id, aid.id));
    await record(tx, {
      actorUserId: who.userId,
      organisationId: aid.organisationId,
      action: "de_minimis_aid.withdrawn",
      entityType: "de_minimis_aid",
      entityId: aid.id,
      data: { before: { withdrawnAt: null }, after: { withdrawnAt: at.toISOString() }, reason: data.reason, amountCents: aid.amountCents, grantedOn: aid.grantedOn },
    });
  });
}
