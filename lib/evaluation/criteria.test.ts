import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls } from "@/db/schema";
import { createCall, publishCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createUser } from "@/test/factories";
import { openCallInput, T0 } from "@/test/proposals";
import { addCriterion, listCriteria, moveCriterion, removeCriterion, setEvaluationRule, updateCriterion } from "./criteria";
import { evaluationRuleProblem } from "./criteria-policy";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function draft() {
  setClock(T0);
  const coalition = await createTestCoalition(db);
  const member = await admitTestMember(db, coalition);
  const promoter = coalition.promoter.admin.actor;
  const { callId } = await createCall(db, promoter, { coalitionId: coalition.coalitionId, ...openCallInput() });
  return { coalition, member, promoter, callId };
}

const fields = (name: string, maxPoints: number) => ({ name, description: `Descrizione di ${name}`, maxPoints });

describe("evaluation criteria", () => {
  it("the promoter's representatives add, edit, reorder and remove criteria and set the rule; each change is audited", async () => {
    const { promoter, callId } = await draft();
    const { criterionId: a } = await addCriterion(db, promoter, { callId, ...fields("Innovazione", 30) });
    const { criterionId: b } = await addCriterion(db, promoter, { callId, ...fields("Partenariato", 20) });
    const { criterionId: c } = await addCriterion(db, promoter, { callId, ...fields("Fattibilità", 25) });
    await updateCriterion(db, promoter, { criterionId: b, name: "Qualità del partenariato", description: "", maxPoints: "25" });
    await moveCriterion(db, promoter, { criterionId: c, direction: "up" });
    await moveCriterion(db, promoter, { criterionId: a, direction: "up" }); // already first: nothing changes
    expect((await listCriteria(db, callId)).map((x) => [x.name, x.maxPoints])).toEqual([
      ["Innovazione", 30],
      ["Fattibilità", 25],
      ["Qualità del partenariato", 25],
    ]);
    await removeCriterion(db, promoter, { criterionId: b });
    await setEvaluationRule(db, promoter, { callId, mode: "weighted", minTotal: "30", weightPercent: "40" });
    const [row] = await db.select().from(calls).where(eq(calls.id, callId));
    expect([row.evaluationMode, row.evaluationMinTotal, row.evaluationWeightBp]).toEqual(["weighted", 30, 4000]);
    // Another mode keeps the weight that was set; "none" clears the minimum.
    await setEvaluationRule(db, promoter, { callId, mode: "none", minTotal: 10, weightPercent: 90 });
    const [after] = await db.select().from(calls).where(eq(calls.id, callId));
    expect([after.evaluationMode, after.evaluationMinTotal, after.evaluationWeightBp]).toEqual(["none", 0, 4000]);
    const actions = await auditActionsFor(db, callId);
    for (const action of ["call.criterion_added", "call.criterion_updated", "call.criterion_moved", "call.criterion_removed", "call.evaluation_rule_set"]) {
      expect(actions).toContain(action);
    }
  });

  it("refuses anonymous people, members, the promoter's plain members, other coalitions' promoters and bad input", async () => {
    const { coalition, member, promoter, callId } = await draft();
    const { criterionId } = await addCriterion(db, promoter, { callId, ...fields("Impatto", 25) });
    const other = await createTestCoalition(db);
    const plain = await addMember(db, coalition.promoter, "member");
    const stranger = await createUser(db);
    for (const who of [member.admin.actor, plain.actor, other.promoter.admin.actor, stranger.actor]) {
      await expectAppError(addCriterion(db, who, { callId, ...fields("X", 10) }), "FORBIDDEN");
      await expectAppError(updateCriterion(db, who, { criterionId, ...fields("X", 10) }), "FORBIDDEN");
      await expectAppError(removeCriterion(db, who, { criterionId }), "FORBIDDEN");
      await expectAppError(moveCriterion(db, who, { criterionId, direction: "down" }), "FORBIDDEN");
      await expectAppError(setEvaluationRule(db, who, { callId, mode: "threshold", minTotal: 0, weightPercent: 50 }), "FORBIDDEN");
    }
    await expectAppError(addCriterion(db, null, { callId, ...fields("X", 10) }), "UNAUTHENTICATED");
    await expectAppError(setEvaluationRule(db, null, { callId, mode: "threshold", minTotal: 0, weightPercent: 50 }), "UNAUTHENTICATED");
    await expectAppError(addCriterion(db, promoter, { callId, ...fields("X", 0) }), "VALIDATION");
    await expectAppError(addCriterion(db, promoter, { callId, ...fields("X", 1001) }), "VALIDATION");
    await expectAppError(addCriterion(db, promoter, { callId, ...fields("", 10) }), "VALIDATION");
    await expectAppError(setEvaluationRule(db, promoter, { callId, mode: "weighted", minTotal: 0, weightPercent: 101 }), "VALIDATION");
    await expectAppError(setEvaluationRule(db, promoter, { callId, mode: "other", minTotal: 0, weightPercent: 10 }), "VALIDATION");
    await expectAppError(removeCriterion(db, promoter, { criterionId: crypto.randomUUID() }), "NOT_FOUND", "criterionNotFound");
    expect((await listCriteria(db, callId)).map((x) => x.name)).toEqual(["Impatto"]);
  });

  it("allows at most 12 criteria", async () => {
    const { promoter, callId } = await draft();
    for (let i = 1; i <= 12; i++) await addCriterion(db, promoter, { callId, ...fields(`C${i}`, 5) });
    await expectAppError(addCriterion(db, promoter, { callId, ...fields("C13", 5) }), "CONFLICT", "criteriaTooMany");
  });

  it("publication refuses a mode without criteria or with an unreachable minimum; then everything is frozen", async () => {
    const { promoter, callId } = await draft();
    await setEvaluationRule(db, promoter, { callId, mode: "threshold", minTotal: 60, weightPercent: 50 });
    await expectAppError(publishCall(db, promoter, { callId }), "VALIDATION", "evaluationCriteriaMissing");
    const { criterionId } = await addCriterion(db, promoter, { callId, ...fields("Innovazione", 50) });
    await expectAppError(publishCall(db, promoter, { callId }), "VALIDATION", "evaluationMinAboveMax");
    await addCriterion(db, promoter, { callId, ...fields("Impatto", 10) });
    await publishCall(db, promoter, { callId });
    await expectAppError(addCriterion(db, promoter, { callId, ...fields("X", 10) }), "INVALID_STATE", "evaluationCriteriaFrozen");
    await expectAppError(updateCriterion(db, promoter, { criterionId, ...fields("X", 10) }), "INVALID_STATE", "evaluationCriteriaFrozen");
    await expectAppError(removeCriterion(db, promoter, { criterionId }), "INVALID_STATE", "evaluationCriteriaFrozen");
    await expectAppError(moveCriterion(db, promoter, { criterionId, direction: "down" }), "INVALID_STATE", "evaluationCriteriaFrozen");
    await expectAppError(setEvaluationRule(db, promoter, { callId, mode: "none", minTotal: 0, weightPercent: 50 }), "INVALID_STATE", "evaluationCriteriaFrozen");
  });

  it("a call without evaluation publishes as before; the pure rule", async () => {
    const { promoter, callId } = await draft();
    await publishCall(db, promoter, { callId });
    expect(evaluationRuleProblem({ evaluationMode: "none", evaluationMinTotal: 0 }, [])).toBeNull();
    expect(evaluationRuleProblem({ evaluationMode: "weighted", evaluationMinTotal: 0 }, [])).toEqual({ key: "evaluationCriteriaMissing" });
    expect(evaluationRuleProblem({ evaluationMode: "technical_only", evaluationMinTotal: 101 }, [50, 50])).toEqual({ key: "evaluationMinAboveMax", values: { min: 101, max: 100 } });
    expect(evaluationRuleProblem({ evaluationMode: "technical_only", evaluationMinTotal: 100 }, [50, 50])).toBeNull();
  });
});
