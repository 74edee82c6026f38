import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { createTestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { openCallInput, T0 } from "@/test/proposals";
import { callFormValues } from "./form-values";
import { callFieldsSchema, emptyCallForm } from "./schemas";
import { createCall, updateCall } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function stored(callId: string) {
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  return row;
}

describe("call form: the grants' advance ceiling and line tolerance", () => {
  it("parses percentages to basis points and refuses what is not one", () => {
    expect(callFieldsSchema.parse({ ...emptyCallForm, advanceMax: "30", lineTolerance: "12,5" })).toMatchObject({ advanceMax: 3000, lineTolerance: 1250 });
    expect(emptyCallForm).toMatchObject({ advanceMax: "0", lineTolerance: "10" });
    const bad = callFieldsSchema.safeParse({ ...emptyCallForm, advanceMax: "101", lineTolerance: "dieci" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["advanceMax", "percentInvalid"],
      ["lineTolerance", "percentInvalid"],
    ]);
  });

  it("saves them, shows them back in the form, keeps them when an older client leaves them out", async () => {
    setClock(T0);
    const coalition = await createTestCoalition(db);
    const promoter = coalition.promoter.admin.actor;
    const { callId } = await createCall(db, promoter, { coalitionId: coalition.coalitionId, ...openCallInput({ advanceMax: "30", lineTolerance: "15" }) });
    expect(await stored(callId)).toMatchObject({ advanceMaxBp: 3000, lineToleranceBp: 1500 });
    expect(callFormValues(await stored(callId))).toMatchObject({ advanceMax: "30", lineTolerance: "15" });
    await updateCall(db, promoter, { callId, ...openCallInput({ advanceMax: "20,5" }) });
    expect(await stored(callId)).toMatchObject({ advanceMaxBp: 2050, lineToleranceBp: 1500 });
    const older: Record<string, unknown> = { ...openCallInput() };
    delete older.advanceMax;
    delete older.lineTolerance;
    await updateCall(db, promoter, { callId, ...older });
    expect(await stored(callId)).toMatchObject({ advanceMaxBp: 2050, lineToleranceBp: 1500 });
    await expectAppError(updateCall(db, promoter, { callId, ...openCallInput({ lineTolerance: "100,01" }) }), "VALIDATION");

    const { callId: plain } = await createCall(db, promoter, { coalitionId: coalition.coalitionId, ...older });
    expect(await stored(plain)).toMatchObject({ advanceMaxBp: 0, lineToleranceBp: 1000 });
  });
});
