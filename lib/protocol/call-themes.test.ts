import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls } from "@/db/schema";
import { createCall, publishCall, updateCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { createTestCoalition, type TestCoalition } from "@/test/coalitions";
import { testDb } from "@/test/db";
import { openCallInput, T0 } from "@/test/proposals";
import { themesOverview } from "./queries";
import { publishProtocolVersion, saveProtocolDraft } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function publishThemes(c: TestCoalition, keys: string[], note = "") {
  const { versionId } = await saveProtocolDraft(db, c.promoter.admin.actor, {
    coalitionId: c.coalitionId,
    title: "Protocollo",
    body: "Testo",
    themes: keys.map((key) => ({ key, label: `Tema ${key}`, description: "" })),
    amendmentNote: note,
  });
  await publishProtocolVersion(db, c.promoter.admin.actor, { versionId });
}

describe("calls name the protocol's themes", () => {
  it("only the current protocol's keys; stored without repeats; left out keeps them", async () => {
    setClock(T0);
    const c = await createTestCoalition(db);
    const create = (protocolThemes?: string[]) => createCall(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, ...openCallInput(), protocolThemes });
    // Without a protocol a call names none.
    const none = await expectAppError(create(["erp"]), "VALIDATION", "callProtocolThemeUnknown");
    expect(none.fieldErrors).toEqual({ protocolThemes: ["callProtocolThemeUnknown"] });
    await publishThemes(c, ["erp", "logistica"]);
    await expectAppError(create(["erp", "turismo"]), "VALIDATION", "callProtocolThemeUnknown");
    await expectAppError(create(["Not A Key"]), "VALIDATION");
    const { callId } = await create(["erp", "erp", "logistica"]);
    const [row] = await db.select({ protocolThemes: calls.protocolThemes }).from(calls).where(eq(calls.id, callId));
    expect(row.protocolThemes).toEqual(["erp", "logistica"]);
    await updateCall(db, c.promoter.admin.actor, { callId, ...openCallInput({ title: "Altro titolo" }) });
    const [kept] = await db.select({ protocolThemes: calls.protocolThemes }).from(calls).where(eq(calls.id, callId));
    expect(kept.protocolThemes).toEqual(["erp", "logistica"]);
  });

  it("checked again at publication, then frozen with the other rules; the coalition page lists calls per theme", async () => {
    setClock(T0);
    const c = await createTestCoalition(db);
    await publishThemes(c, ["erp", "logistica"]);
    const { callId } = await createCall(db, c.promoter.admin.actor, { coalitionId: c.coalitionId, ...openCallInput(), protocolThemes: ["logistica"] });
    // An amendment drops the theme before the call is published: publication names the problem.
    await publishThemes(c, ["erp"], "Tolta la logistica");
    const problem = await expectAppError(publishCall(db, c.promoter.admin.actor, { callId }), "VALIDATION", "callRulesInvalid");
    expect(problem.fieldErrors).toEqual({ protocolThemes: ["callProtocolThemeUnknown"] });
    await updateCall(db, c.promoter.admin.actor, { callId, ...openCallInput(), protocolThemes: ["erp"] });
    await publishCall(db, c.promoter.admin.actor, { callId });
    await expectAppError(updateCall(db, c.promoter.admin.actor, { callId, ...openCallInput(), protocolThemes: [] }), "INVALID_STATE", "callRulesFrozen");
    const [erp, logistica] = await themesOverview(db, c.coalitionId, ["erp", "logistica"]);
    expect(erp.calls.map((x) => x.id)).toEqual([callId]);
    expect(erp.callTotal).toBe(1);
    expect(logistica.callTotal).toBe(0);
    expect(erp.projectTotal).toBe(0);
  });
});
