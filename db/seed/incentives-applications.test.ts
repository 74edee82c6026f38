import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incentiveApplications, organisations, users } from "@/db/schema";
import { getDeMinimisLedger, getFundingDesk } from "@/lib/incentives/queries";
import { testDb } from "@/test/db";
import { demoOrganisation } from "./data";
import { seed } from "./index";
import { DEMO_APPLICATIONS, DEMO_DECLARED_AID, ensureIncentiveApplications } from "./incentives-applications";

async function adminOf(db: Awaited<ReturnType<typeof testDb>>, key: string) {
  const o = demoOrganisation(key);
  const [u] = await db.select().from(users).where(eq(users.email, o.people[0].email));
  const [org] = await db.select().from(organisations).where(eq(organisations.partitaIva, o.partitaIva!));
  return { actor: { userId: u.id, email: u.email, name: u.name, isPlatformAdmin: u.isPlatformAdmin }, organisationId: org.id };
}

describe("the demo funding desks (issue 11)", () => {
  it("applications at every state, a late report, a grant ending within 30 days, a ledger below the ceiling; once", async () => {
    const db = await testDb();
    await seed(db);
    const rows = await db.select({ title: incentiveApplications.title, status: incentiveApplications.status }).from(incentiveApplications);
    for (const a of DEMO_APPLICATIONS) expect(rows, a.title).toContainEqual({ title: a.title, status: a.status });
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(["planned", "preparing", "submitted", "under_review", "granted", "rejected", "withdrawn", "revoked", "closed"]),
    );

    // Meccanica Dora: a grant partly paid, ending within 30 days; the totals are the sums.
    const dora = await adminOf(db, "meccanica-dora");
    const desk = await getFundingDesk(db, dora.actor, dora.organisationId);
    expect(desk.due.map((d) => d.kind)).toContain("projectEnds");
    expect(desk.totals.paidCents).toBe(1_500_000);
    const counted = desk.applications.filter((a) => a.status !== "withdrawn" && a.status !== "rejected");
    expect(desk.totals.requestedCents).toBe(counted.reduce((s, a) => s + a.requestedCents, 0));
    expect(desk.totals.grantedCents).toBe(
      desk.applications.filter((a) => a.status === "granted" || a.status === "closed").reduce((s, a) => s + (a.grantedCents ?? 0), 0),
    );

    // Elettronica Canavesana: its final report is late; declared aid and its voucher leave it well below €300,000.
    const elettronica = await adminOf(db, "elettronica-canavesana");
    const itsDesk = await getFundingDesk(db, elettronica.actor, elettronica.organisationId);
    expect(itsDesk.late.map((d) => d.kind)).toContain("finalReport");
    const ledger = (await getDeMinimisLedger(db, elettronica.actor, elettronica.organisationId))!;
    expect(ledger.rows.filter((r) => r.source === "declared")).toHaveLength(DEMO_DECLARED_AID.length);
    expect(ledger.rows.filter((r) => r.source === "tavolo")).toHaveLength(1);
    const declared = DEMO_DECLARED_AID.reduce((s, a) => s + a.amountCents, 0);
    const granted = ledger.rows.find((r) => r.source === "tavolo")!.amountCents;
    expect(ledger.today.usedCents).toBe(declared + granted);
    expect(ledger.today.headroomCents).toBe(30_000_000 - declared - granted);
    expect(ledger.today.headroomCents).toBeLessThan(30_000_000);

    const again = { changes: [] as string[], warnings: [] as string[] };
    await ensureIncentiveApplications(db, again);
    expect(again).toEqual({ changes: [], warnings: [] });
    expect(await db.select().from(incentiveApplications)).toHaveLength(rows.length);
  }, 300_000);
});
