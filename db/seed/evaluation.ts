import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { callCriteria, callEvaluations, callEvaluators, calls, evaluationConsolidatedScores, evaluationReviews, evaluationScores, proposalPartners, users, type Call } from "@/db/schema";
import { record } from "@/lib/audit";
import { loadReportSource, renderEvaluationReport } from "@/lib/evaluation/report";
import { romeLocalToUtc } from "@/lib/time";
import { PAST_COMMITTEE, PAST_CONSOLIDATED, PAST_CRITERIA, PAST_EVALUATION_RULE, PAST_INDIVIDUAL_NOTES, PAST_INDIVIDUAL_OFFSETS } from "./evaluation-data";

type Input = { tx: Tx; call: Call; proposalIds: Map<string, string>; promoterUserId: string; promoterOrgId: string; org: (key: string) => Promise<string> };

/**
 * The past call's technical appraisal, written directly in the seed's transaction before its
 * results (services cannot act in the past): the criteria and weighted rule, a committee of
 * three (a chair and two members, people of member organisations), their declarations (no
 * conflict; automatic exclusion where their organisation leads or joins a proposal), individual
 * scores with justifications, the consolidated scores and the approved appraisal, each step
 * audited. Returns the call with its rule, for writeResults to combine.
 */
export async function seedPastAppraisal({ tx, call, proposalIds, promoterUserId, promoterOrgId, org }: Input): Promise<Call> {
  const at = (local: string) => romeLocalToUtc(local);
  const [rated] = await tx
    .update(calls)
    .set({ evaluationMode: PAST_EVALUATION_RULE.mode, evaluationMinTotal: PAST_EVALUATION_RULE.minTotal, evaluationWeightBp: PAST_EVALUATION_RULE.weightBp })
    .where(eq(calls.id, call.id))
    .returning();
  const criteria = await tx
    .insert(callCriteria)
    .values(PAST_CRITERIA.map((c, position) => ({ callId: call.id, position, name: c.name, description: c.description, maxPoints: c.maxPoints })))
    .returning({ id: callCriteria.id, name: callCriteria.name, maxPoints: callCriteria.maxPoints });
  for (const c of criteria) {
    await record(tx, { actorUserId: promoterUserId, organisationId: promoterOrgId, action: "call.criterion_added", entityType: "call", entityId: call.id, data: { criterionId: c.id, name: c.name, maxPoints: c.maxPoints, imported: true } });
  }
  await record(tx, {
    actorUserId: promoterUserId,
    organisationId: promoterOrgId,
    action: "call.evaluation_rule_set",
    entityType: "call",
    entityId: call.id,
    data: { after: { mode: PAST_EVALUATION_RULE.mode, minTotal: PAST_EVALUATION_RULE.minTotal, weightBp: PAST_EVALUATION_RULE.weightBp }, imported: true },
  });

  const evaluators: { id: string; userId: string; organisationId: string }[] = [];
  for (const member of PAST_COMMITTEE) {
    const [user] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${member.email}`);
    const organisationId = await org(member.orgKey);
    const [row] = await tx
      .insert(callEvaluators)
      .values({ callId: call.id, role: member.role, userId: user.id, organisationId, appointedBy: promoterUserId, appointedAt: at("2025-05-02T10:00"), acceptedAt: at("2025-05-02T10:00") })
      .returning({ id: callEvaluators.id });
    evaluators.push({ id: row.id, userId: user.id, organisationId });
    await record(tx, { actorUserId: promoterUserId, organisationId: promoterOrgId, action: "evaluation.evaluator_appointed", entityType: "call", entityId: call.id, data: { evaluatorId: row.id, role: member.role, imported: true } });
  }

  const chair = evaluators[0];
  for (const [title, consolidated] of Object.entries(PAST_CONSOLIDATED)) {
    const proposalId = proposalIds.get(title)!;
    const involved = await tx.select({ organisationId: proposalPartners.organisationId, isLead: proposalPartners.isLead }).from(proposalPartners).where(eq(proposalPartners.proposalId, proposalId));
    for (const [n, evaluator] of evaluators.entries()) {
      const link = involved.find((p) => p.organisationId === evaluator.organisationId);
      const excluded = link ? (link.isLead ? ("lead" as const) : ("partner" as const)) : null;
      const submittedAt = excluded ? null : at(`2025-05-0${5 + (n % 2)}T1${n}:00`);
      await tx.insert(evaluationReviews).values({ evaluatorId: evaluator.id, proposalId, callId: call.id, conflict: excluded ? null : false, declaredAt: excluded ? null : at("2025-05-02T15:00"), excluded, submittedAt });
      await record(tx, { actorUserId: evaluator.userId, organisationId: evaluator.organisationId, action: "evaluation.declared", entityType: "proposal", entityId: proposalId, data: { conflict: false, excluded, imported: true } });
      if (excluded) continue;
      await tx.insert(evaluationScores).values(
        criteria.map((c, i) => ({
          evaluatorId: evaluator.id,
          proposalId,
          criterionId: c.id,
          points: Math.min(c.maxPoints, Math.max(0, consolidated.points[i] + PAST_INDIVIDUAL_OFFSETS[n][i])),
          justification: `${PAST_INDIVIDUAL_NOTES[n]} ${consolidated.justifications[i]}`,
          updatedAt: submittedAt!,
        })),
      );
      await record(tx, { actorUserId: evaluator.userId, organisationId: evaluator.organisationId, action: "evaluation.review_submitted", entityType: "proposal", entityId: proposalId, data: { imported: true } });
    }
    await tx.insert(evaluationConsolidatedScores).values(
      criteria.map((c, i) => ({ proposalId, criterionId: c.id, callId: call.id, points: consolidated.points[i], justification: consolidated.justifications[i], recordedBy: chair.userId, recordedAt: at("2025-05-08T11:00") })),
    );
    await record(tx, {
      actorUserId: chair.userId,
      organisationId: chair.organisationId,
      action: "evaluation.consolidated",
      entityType: "proposal",
      entityId: proposalId,
      data: { total: consolidated.points.reduce((s, p) => s + p, 0), imported: true },
    });
  }
  await tx.insert(callEvaluations).values({ callId: call.id, approvedAt: at("2025-05-09T12:00"), approvedBy: chair.userId });
  // The report's fingerprint, as approveEvaluation keeps it: the Italian PDF of the approved appraisal.
  const bytes = await renderEvaluationReport((await loadReportSource(tx, call.id))!, "it");
  const reportSha256 = createHash("sha256").update(bytes).digest("hex");
  await tx.update(callEvaluations).set({ reportSha256 }).where(eq(callEvaluations.callId, call.id));
  await record(tx, { actorUserId: chair.userId, organisationId: chair.organisationId, action: "evaluation.approved", entityType: "call", entityId: call.id, data: { reportSha256, imported: true } });
  return rated;
}
