import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition } from "@/test/coalitions";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createUser, randomUUID, uniqueSuffix } from "@/test/factories";
import { addAcceptedPartner, AFTER_SUBMISSION, completeDraft, createScenario, newDraft, saveBudgetPart, type Scenario } from "@/test/proposals";
import { parseCsv, readStream } from "@/test/csv";
import { exportProposalsCsv, listSubmittedProposals, markAdmissibility } from "./review";
import { submitProposal, withdrawProposal } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const VOTING = new Date("2026-02-23T09:00:00Z");

async function version(id: string) {
  const [row] = await db.select({ version: proposals.version, status: proposals.status, statusReason: proposals.statusReason }).from(proposals).where(eq(proposals.id, id));
  return row;
}

/** A submitted proposal: lead 250k, firm 50k, university 100k; 280k requested, 120k co-financed. */
async function submitted(s: Scenario, title: string, requested = "280.000") {
  const id = await newDraft(db, s);
  await addAcceptedPartner(db, id, s.firm);
  await addAcceptedPartner(db, id, s.university);
  await completeDraft(db, s, id, (await version(id)).version, requested);
  const lead = 400_000_00 - 100_000_00 - 50_000_00;
  const part = async (org: Scenario["lead"], amount: number, cofinancing: number) =>
    saveBudgetPart(db, org.admin.actor, {
      proposalId: id,
      version: (await version(id)).version,
      organisationId: org.organisationId,
      lines: [{ category: "services", description: "Lavori", amount: String(amount / 100) }],
      cofinancing: String(cofinancing / 100),
    });
  const requestedCents = Number(requested.replace(/\./g, "")) * 100;
  await part(s.lead, lead, 400_000_00 - requestedCents);
  await part(s.firm, 50_000_00, 0);
  await part(s.university, 100_000_00, 0);
  await db.update(proposals).set({ title }).where(eq(proposals.id, id));
  const { reference } = await submitProposal(db, s.lead.admin.actor, { proposalId: id });
  return { id, reference };
}

describe("listSubmittedProposals", () => {
  it("lists submitted proposals with totals for the call's promoters only; drafts never appear", async () => {
    const s = await createScenario(db);
    const a = await submitted(s, "Beta", "280.000");
    const b = await submitted(s, "Alfa", "200.000");
    const draft = await newDraft(db, s);
    const list = await listSubmittedProposals(db, s.coalition.promoter.admin.actor, s.callId);
    expect(list?.rows.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(list?.rows.map((r) => r.id)).not.toContain(draft);
    expect(list?.rows[0]).toMatchObject({
      reference: a.reference,
      title: "Beta",
      leadName: s.lead.input.legalName,
      partners: 3,
      totalCents: 400_000_00,
      requestedCents: 280_000_00,
      cofinancingCents: 120_000_00,
      status: "submitted",
    });
    expect(list?.totals).toEqual({ totalCents: 800_000_00, requestedCents: 480_000_00, cofinancingCents: 320_000_00 });
    expect(list?.canMark).toBe(false);

    const sorted = (sort: string) =>
      listSubmittedProposals(db, s.coalition.promoter.admin.actor, s.callId, { sort: sort as "title" }).then((l) => l?.rows.map((r) => r.title));
    expect(await sorted("title")).toEqual(["Alfa", "Beta"]);
    expect(await sorted("-requested")).toEqual(["Beta", "Alfa"]);
    expect(await sorted("requested")).toEqual(["Alfa", "Beta"]);

    const colleague = await addMember(db, s.coalition.promoter, "member", { representative: true });
    expect((await listSubmittedProposals(db, colleague.actor, s.callId))?.rows).toHaveLength(2);
    const plain = await addMember(db, s.coalition.promoter, "member");
    const other = await createTestCoalition(db);
    for (const viewer of [null, plain.actor, s.lead.admin.actor, s.firm.admin.actor, s.observer.admin.actor, other.promoter.admin.actor]) {
      expect(await listSubmittedProposals(db, viewer, s.callId)).toBeNull();
    }
  });

  it("filters by status", async () => {
    const s = await createScenario(db);
    const a = await submitted(s, "Uno");
    await submitted(s, "Due");
    setClock(AFTER_SUBMISSION);
    await markAdmissibility(db, s.coalition.promoter.admin.actor, { proposalId: a.id, admissible: false, reason: "Fuori tema" });
    const list = await listSubmittedProposals(db, s.coalition.promoter.admin.actor, s.callId, { status: "inadmissible" });
    expect(list?.rows.map((r) => [r.title, r.statusReason])).toEqual([["Uno", "Fuori tema"]]);
    expect(list?.canMark).toBe(true);
  });
});

describe("listSubmittedProposals, one page at a time", () => {
  it("visits every proposal once in each order, ties included, with counts and totals of this call and filter only", async () => {
    const s = await createScenario(db);
    // Two pairs with the same title and amount: the id breaks the ties.
    const made = [
      await submitted(s, "Gemello", "200.000"),
      await submitted(s, "Gemello", "200.000"),
      await submitted(s, "Alfa", "250.000"),
      await submitted(s, "Zeta", "200.000"),
      await submitted(s, "Beta", "280.000"),
    ];
    await newDraft(db, s);
    // Another call with its own proposal counts for nothing here.
    const elsewhere = await createScenario(db);
    await submitted(elsewhere, "Altrove", "100.000");
    const promoter = s.coalition.promoter.admin.actor;

    for (const sort of ["reference", "-reference", "title", "-title", "requested", "-requested", "total", "-total"] as const) {
      const all = await listSubmittedProposals(db, promoter, s.callId, { sort });
      expect(all?.rows).toHaveLength(5);
      const seen: string[] = [];
      const ranges: string[] = [];
      let page = await listSubmittedProposals(db, promoter, s.callId, { sort, size: 2 });
      expect(page?.previous).toBeUndefined();
      for (;;) {
        seen.push(...page!.rows.map((r) => r.id));
        ranges.push(`${page!.from}-${page!.to}/${page!.count}`);
        if (!page?.next) break;
        page = await listSubmittedProposals(db, promoter, s.callId, { sort, size: 2, after: page.next });
      }
      expect(seen, sort).toEqual(all!.rows.map((r) => r.id));
      expect(ranges, sort).toEqual(["1-2/5", "3-4/5", "5-5/5"]);
      // And back from the last page.
      const back: string[] = [];
      while (page?.previous) {
        page = await listSubmittedProposals(db, promoter, s.callId, { sort, size: 2, before: page.previous });
        back.unshift(...page!.rows.map((r) => r.id));
      }
      expect(back, sort).toEqual(seen.slice(0, 4));
      // The totals are of every matching proposal of this call, not of the page.
      expect(page?.totals).toEqual({ totalCents: 5 * 400_000_00, requestedCents: 1_130_000_00, cofinancingCents: 5 * 400_000_00 - 1_130_000_00 });
    }
    expect(new Set((await listSubmittedProposals(db, promoter, s.callId))!.rows.map((r) => r.id))).toEqual(new Set(made.map((m) => m.id)));

    const titles = (l: Awaited<ReturnType<typeof listSubmittedProposals>>) => l!.rows.map((r) => r.title);
    expect(titles(await listSubmittedProposals(db, promoter, s.callId, { sort: "title" }))).toEqual(["Alfa", "Beta", "Gemello", "Gemello", "Zeta"]);
    expect(titles(await listSubmittedProposals(db, promoter, s.callId, { sort: "-requested", size: 1 }))).toEqual(["Beta"]);

    setClock(AFTER_SUBMISSION);
    await markAdmissibility(db, promoter, { proposalId: made[2].id, admissible: false, reason: "Fuori tema" });
    const filtered = await listSubmittedProposals(db, promoter, s.callId, { status: "submitted", size: 2 });
    expect(filtered?.count).toBe(4);
    expect(filtered?.totals.requestedCents).toBe(880_000_00);
    // A tampered cursor reads as the first page.
    expect((await listSubmittedProposals(db, promoter, s.callId, { after: "%%%", size: 2 }))?.from).toBe(1);
  }, 120_000);
});

describe("markAdmissibility", () => {
  it("a promoter marks in review, re-marks, and each mark is audited; voting freezes it", async () => {
    const s = await createScenario(db);
    const { id } = await submitted(s, "Da valutare");
    const promoter = s.coalition.promoter.admin.actor;
    await expectAppError(markAdmissibility(db, promoter, { proposalId: id, admissible: true }), "INVALID_STATE", "admissibilityNotReviewPhase");

    setClock(AFTER_SUBMISSION);
    const before = (await version(id)).version;
    const noReason = await expectAppError(markAdmissibility(db, promoter, { proposalId: id, admissible: false, reason: " " }), "VALIDATION");
    expect(noReason.fieldErrors?.reason).toEqual(["required"]);
    await markAdmissibility(db, promoter, { proposalId: id, admissible: false, reason: "Manca il cofinanziamento" });
    expect(await version(id)).toEqual({ version: before + 1, status: "inadmissible", statusReason: "Manca il cofinanziamento" });
    await markAdmissibility(db, promoter, { proposalId: id, admissible: true });
    expect(await version(id)).toEqual({ version: before + 2, status: "admissible", statusReason: null });
    expect((await auditActionsFor(db, id)).filter((a) => a === "proposal.admissibility_marked")).toHaveLength(2);

    setClock(VOTING);
    await expectAppError(markAdmissibility(db, promoter, { proposalId: id, admissible: false, reason: "Tardi" }), "INVALID_STATE", "admissibilityNotReviewPhase");
  });

  it("refuses everyone but the call's promoters", async () => {
    const s = await createScenario(db);
    const { id } = await submitted(s, "Riservata");
    setClock(AFTER_SUBMISSION);
    const other = await createTestCoalition(db);
    const elsewhere = await admitTestMember(db, other);
    const colleague = await addMember(db, s.coalition.promoter, "member", { representative: true });
    const plain = await addMember(db, s.coalition.promoter, "member");
    const args = { proposalId: id, admissible: true };
    await expectAppError(markAdmissibility(db, null, args), "UNAUTHENTICATED");
    for (const actor of [plain.actor, s.lead.admin.actor, s.firm.admin.actor, s.observer.admin.actor, other.promoter.admin.actor, elsewhere.admin.actor]) {
      await expectAppError(markAdmissibility(db, actor, args), "FORBIDDEN");
    }
    await expectAppError(exportProposalsCsv(db, plain.actor, s.callId), "FORBIDDEN");
    // Any representative of the promoter organisation acts for it: an admin, or a member an admin named.
    await markAdmissibility(db, colleague.actor, args);
    await expectAppError(markAdmissibility(db, s.coalition.promoter.admin.actor, { proposalId: randomUUID(), admissible: true }), "NOT_FOUND");
  });

  it("a draft is not found and a withdrawn proposal cannot be marked", async () => {
    const s = await createScenario(db);
    const draft = await newDraft(db, s);
    const { id } = await submitted(s, "Ritirata");
    await withdrawProposal(db, s.lead.admin.actor, { proposalId: id, reason: "Ci ripensiamo" });
    setClock(AFTER_SUBMISSION);
    const promoter = s.coalition.promoter.admin.actor;
    await expectAppError(markAdmissibility(db, promoter, { proposalId: draft, admissible: true }), "NOT_FOUND", "proposalNotFound");
    await expectAppError(markAdmissibility(db, promoter, { proposalId: id, admissible: true }), "INVALID_STATE", "admissibilityNotMarkable");
  });
});

describe("exportProposalsCsv (the CSV route's logic)", () => {
  it("gives promoters the submitted proposals only, named after the reference prefix", async () => {
    const s = await createScenario(db);
    const { reference } = await submitted(s, "ERP; fase \"uno\"");
    const draft = await newDraft(db, s);
    await db.update(proposals).set({ title: "Bozza segreta" }).where(eq(proposals.id, draft));
    const { filename, body: stream } = await exportProposalsCsv(db, s.coalition.promoter.admin.actor, s.callId);
    const body = await readStream(stream);
    expect(filename).toBe(`proposte-${reference.replace(/-\d+$/, "")}.csv`);
    expect(body.startsWith("\uFEFFRiferimento;")).toBe(true);
    expect(body).toContain(`${reference};"ERP; fase ""uno""";`);
    expect(body).toContain(";400000,00;280000,00;120000,00;Presentata;");
    expect(body).not.toContain("Bozza segreta");
  });

  it("streams a call of more than one batch: every submitted proposal once, in reference order, cells neutralised, nothing of other calls", async () => {
    const s = await createScenario(db);
    const other = await createScenario(db);
    const prefix = `BIG-${uniqueSuffix()}`;
    const row = (callScenario: Scenario, n: number, reference: string | null, title: string) => ({
      callId: callScenario.callId,
      leadOrganisationId: callScenario.lead.organisationId,
      reference,
      title,
      requestedCents: 1_000_00 + n,
      status: "submitted" as const,
      submittedAt: new Date(Date.UTC(2026, 0, 10, 9, 0, n % 60)),
      createdBy: callScenario.lead.admin.actor.userId,
    });
    // 1,003 submitted: 1,001 without a reference (one tie across the batch edge, broken by the id) and 2 with one;
    // every seventh title formula-like; a draft and another call's proposal that must not appear.
    const values = Array.from({ length: 1_001 }, (_, i) => row(s, i, null, i % 7 === 0 ? `=HYPERLINK("x";"${i}")` : `Proposta ${i}`));
    values.push(row(s, 2_002, `${prefix}-0002`, "-seconda"), row(s, 2_001, `${prefix}-0001`, "+prima"));
    const ids = await db.insert(proposals).values(values).returning({ id: proposals.id, title: proposals.title });
    await db.insert(proposals).values({ ...row(s, 3_000, null, "Bozza segreta"), status: "draft", submittedAt: null });
    await db.insert(proposals).values(row(other, 4_000, `${prefix}-9999`, "Altro bando"));

    const batches: number[] = [];
    const { filename, body: stream } = await exportProposalsCsv(db, s.coalition.promoter.admin.actor, s.callId, { onBatch: (n) => batches.push(n) });
    expect(filename).toBe(`proposte-${prefix}.csv`);
    const [header, ...records] = parseCsv(await readStream(stream));
    expect(batches).toEqual([1_000, 3]);
    expect(header[0]).toBe("Riferimento");
    const title = header.indexOf("Titolo");
    // Those without a reference first, by id; then by reference. Each exactly once.
    const noReference = ids.filter((r) => !r.title.endsWith("prima") && !r.title.endsWith("seconda")).sort((a, b) => (a.id < b.id ? -1 : 1));
    const neutral = (t: string) => (/^[=+-]/.test(t) ? `'${t}` : t);
    expect(records.map((r) => r[title])).toEqual([...noReference.map((r) => neutral(r.title)), "'+prima", "'-seconda"]);
    expect(records.slice(-2).map((r) => r[0])).toEqual([`${prefix}-0001`, `${prefix}-0002`]);
    expect(records.filter((r) => r[title].startsWith("=")).length).toBe(0);
    expect(records.filter((r) => r[title].startsWith("'=HYPERLINK")).length).toBe(143);
    const text = records.map((r) => r.join(";")).join("\n");
    expect(text).not.toContain("Bozza segreta");
    expect(text).not.toContain("Altro bando");
  }, 120_000);

  it("refuses a signed-out caller, members, observers, partners and promoters of another coalition", async () => {
    const s = await createScenario(db);
    await submitted(s, "Riservata");
    const other = await createTestCoalition(db);
    const stranger = await createUser(db);
    await expectAppError(exportProposalsCsv(db, null, s.callId), "UNAUTHENTICATED");
    for (const actor of [stranger.actor, s.lead.admin.actor, s.university.admin.actor, s.observer.admin.actor, other.promoter.admin.actor]) {
      await expectAppError(exportProposalsCsv(db, actor, s.callId), "FORBIDDEN");
    }
    await expectAppError(exportProposalsCsv(db, s.coalition.promoter.admin.actor, randomUUID()), "NOT_FOUND");
  });
});
