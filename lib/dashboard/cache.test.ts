import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { coalitionJoinRequests, incentiveApplications, incentiveProgrammes } from "@/db/schema";
import { testDb } from "@/test/db";
import { fundedScenario, type FundedScenario } from "@/test/grants";

// The server actions' cache calls, observed: which tag a decision expires.
const expired: string[] = [];
vi.mock("next/cache", () => ({
  updateTag: (tag: string) => expired.push(tag),
  unstable_cache: (fn: () => unknown) => fn,
}));

const { dashboardTag, refFrom, refreshDashboard } = await import("./cache");

let f: FundedScenario;
let applicationId: string;
let requestId: string;

beforeAll(async () => {
  const db = await testDb();
  f = await fundedScenario(db);
  const creator = f.s.lead.admin.actor.userId;
  const [p] = await db
    .insert(incentiveProgrammes)
    .values({ name: "Voucher digitale", authority: "Camera di commercio", level: "regional", aidRegime: "de_minimis", procedure: "first_come", createdBy: creator })
    .returning({ id: incentiveProgrammes.id });
  const [a] = await db
    .insert(incentiveApplications)
    .values({ programmeId: p.id, organisationId: f.s.lead.organisationId, proposalId: f.proposalId, title: "Voucher", requestedCents: 1_000_00, createdBy: creator })
    .returning({ id: incentiveApplications.id });
  applicationId = a.id;
  const [r] = await db
    .insert(coalitionJoinRequests)
    .values({ coalitionId: f.s.coalition.coalitionId, organisationId: f.s.firm.organisationId, direction: "invitation", status: "accepted", createdBy: creator })
    .returning({ id: coalitionJoinRequests.id });
  requestId = r.id;
});

beforeEach(() => {
  expired.length = 0;
});

describe("a decision expires its coalition's dashboard", () => {
  it("finds the coalition from the row the action changed", async () => {
    const tag = dashboardTag(f.s.coalition.coalitionId);
    const ok = { ok: true as const, data: null };
    await refreshDashboard(ok, refFrom({ grantId: f.firm.id, amount: 5 }, "grantId"));
    await refreshDashboard(ok, refFrom({ callId: f.s.callId }, "callId"));
    await refreshDashboard(ok, refFrom({ applicationId, version: 1 }, "applicationId"));
    await refreshDashboard(ok, refFrom({ coalitionId: f.s.coalition.coalitionId, organisationId: f.s.firm.organisationId }, "coalitionId"));
    await refreshDashboard(ok, refFrom({ requestId, decision: "accept" }, "requestId"));
    expect(expired).toEqual([tag, tag, tag, tag, tag]);
  });

  it("expires nothing when the action failed, the input names no row, or the row is not there", async () => {
    const result = await refreshDashboard({ ok: false as const, code: "FORBIDDEN" as const, error: "forbidden" }, refFrom({ grantId: f.firm.id }, "grantId"));
    expect(result.ok).toBe(false);
    await refreshDashboard({ ok: true }, refFrom({ grantId: "not-a-uuid" }, "grantId"));
    await refreshDashboard({ ok: true }, refFrom(null, "grantId"));
    await refreshDashboard({ ok: true }, refFrom({ grantId: "00000000-0000-4000-8000-000000000000" }, "grantId"));
    expect(expired).toEqual([]);
  });
});
