import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calls, organisations, proposalBudgetLines, proposalPartners, proposals, users } from "@/db/schema";
import { coalitionFundingTotals } from "@/lib/incentives/coalition-funding";
import { recordConcession, releaseTranche, revokeGrant } from "@/lib/incentives/grants";
import { testDb } from "@/test/db";
import { fundedScenario, type FundedScenario } from "@/test/grants";
import { DATASET_NAMES, datasetSummaries, type DatasetName } from "./datasets";
import { datasetStream, parseDatasetFile, type OpenDataFormat } from "./stream";

const { GET } = await import("@/app/api/open-data/[slug]/[file]/route");

/** 9 March 2026 (Rome), the day fundedScenario leaves the clock on. */
const TODAY = "2026-03-09";
const CUP = "J51B24000123000";

let db: Db;
let f: FundedScenario;
let coalition: { id: string; slug: string; name: string };

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  // Keeps the byte-order mark (Response.text() would drop it).
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

function download(slug: string, file: string) {
  return GET(new Request(`http://localhost/api/open-data/${slug}/${file}`), { params: Promise.resolve({ slug, file }) });
}

async function everything(): Promise<string> {
  const parts: string[] = [];
  for (const name of DATASET_NAMES) for (const format of ["csv", "json"] as const) parts.push(await read(datasetStream(db, coalition, name, format)));
  return parts.join("\n");
}

async function jsonRows(name: DatasetName): Promise<Record<string, unknown>[]> {
  return (JSON.parse(await read(datasetStream(db, coalition, name, "json"))) as { rows: Record<string, unknown>[] }).rows;
}

beforeAll(async () => {
  db = await testDb();
  f = await fundedScenario(db, { advanceMaxBp: 10000 });
  coalition = { id: f.s.coalition.coalitionId, slug: f.s.coalition.slug, name: "Patto" };
  const promoter = f.s.coalition.promoter.admin.actor;
  // Money that moved: a concession with its CUP, an advance paid, another grant partly revoked.
  await recordConcession(db, promoter, {
    grantId: f.firm.id,
    version: 1,
    actNumber: "Determinazione n. 45/2026",
    actDate: TODAY,
    cup: CUP,
    cor: "1234567",
    startsOn: "2026-04-01",
    endsOn: "2027-03-31",
    finalReportDueOn: "2027-05-31",
  });
  await releaseTranche(db, promoter, { grantId: f.firm.id, kind: "advance", amount: "20.000,55", guarantee: "Fideiussione GARANZIA-PRIVATA", paidOn: TODAY });
  await revokeGrant(db, promoter, { grantId: f.university.id, whole: false, amount: "1.000", reason: "MOTIVO-DI-REVOCA-PRIVATO" });

  // Private things that must never come out.
  const lead = { callId: f.s.callId, leadOrganisationId: f.s.lead.organisationId, createdBy: f.s.lead.admin.actor.userId };
  await db.insert(proposals).values({ ...lead, title: "BOZZA-PRIVATA", status: "draft" });
  await db.insert(proposals).values({ ...lead, title: "PROPOSTA-RITIRATA", status: "withdrawn" });
  await db.insert(calls).values({ coalitionId: coalition.id, title: "BANDO-IN-BOZZA", createdBy: promoter.userId });
  await db.update(proposalBudgetLines).set({ description: "RIGA-DI-BILANCIO-PRIVATA" }).where(eq(proposalBudgetLines.proposalId, f.proposalId));
  await db.update(proposalPartners).set({ message: "MESSAGGIO-PRIVATO", contribution: "CONTRIBUTO-PRIVATO" }).where(eq(proposalPartners.proposalId, f.proposalId));

  // Formula-like text typed by people.
  await db.update(organisations).set({ legalName: '=HYPERLINK("http://evil.example","x")' }).where(eq(organisations.id, f.s.firm.organisationId));
  await db.update(proposals).set({ summary: "+SUM(1;2)", title: "@ERP condiviso" }).where(eq(proposals.id, f.proposalId));
});

describe("open data of a coalition", () => {
  it("the five datasets hold the public rows: members, the published call, the submitted proposal, its results, its three grants", async () => {
    const members = await jsonRows("organisations");
    expect(members.map((r) => r.organisation_id).sort()).toEqual(
      [f.s.coalition.promoter, f.s.lead, f.s.firm, f.s.university, f.s.observer].map((o) => o.organisationId).sort(),
    );
    const observer = members.find((r) => r.organisation_id === f.s.observer.organisationId)!;
    expect(observer).toMatchObject({ coalition_role: "observer", weight: null });
    // The municipality's name and province come from the ISTAT list.
    const promoter = members.find((r) => r.organisation_id === f.s.coalition.promoter.organisationId)!;
    expect(promoter).toMatchObject({ municipality_code: expect.any(String), municipality: expect.any(String), province: expect.any(String) });

    const callRows = await jsonRows("calls");
    expect(callRows.map((r) => r.call_id)).toEqual([f.s.callId]);
    expect(callRows[0]).toMatchObject({ status: "results", budget_cents: expect.any(Number) });

    const proposalRows = await jsonRows("proposals");
    expect(proposalRows).toHaveLength(1);
    expect(proposalRows[0]).toMatchObject({
      proposal_id: f.proposalId,
      total_cost_cents: 400_000_00,
      requested_cents: 280_000_00,
      cofinancing_cents: 120_000_00,
      partner_count: 3,
    });

    const resultRows = await jsonRows("results");
    expect(resultRows).toEqual([expect.objectContaining({ proposal_id: f.proposalId, version: 1, rank: 1, outcome: "allocated", allocated_cents: 280_000_00 })]);

    const grantRows = await jsonRows("grants");
    expect(grantRows).toHaveLength(3);
    expect(grantRows.find((g) => g.grant_id === f.firm.id)).toMatchObject({ programme: "pact", cup: CUP, cor: "1234567", paid_cents: 20_000_55, act_date: TODAY });
    expect(grantRows.find((g) => g.grant_id === f.university.id)).toMatchObject({ revoked_cents: 1_000_00, net_granted_cents: 100_000_00 - 1_000_00 });
  });

  it("no private field: no e-mail, draft, withdrawn proposal, draft call, budget line, partner note, guarantee, revocation reason, ballot receipt", async () => {
    const all = await everything();
    const emails = (await db.select({ email: users.email }).from(users)).map((u) => u.email);
    expect(emails.length).toBeGreaterThan(5);
    for (const email of emails) expect(all).not.toContain(email);
    expect(all).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
    for (const secret of [
      "BOZZA-PRIVATA",
      "PROPOSTA-RITIRATA",
      "BANDO-IN-BOZZA",
      "RIGA-DI-BILANCIO-PRIVATA",
      "MESSAGGIO-PRIVATO",
      "CONTRIBUTO-PRIVATO",
      "GARANZIA-PRIVATA",
      "MOTIVO-DI-REVOCA-PRIVATO",
      f.s.lead.input.partitaIva!,
    ]) {
      expect(all, secret).not.toContain(secret);
    }
    // Ballots: only the published counts; no receipt hash, no one's vote.
    const result = (await db.execute(sql`select receipt_hash from ballots where call_id = ${f.s.callId}`)) as unknown as { rows: { receipt_hash: string }[] };
    expect(result.rows.length).toBeGreaterThan(0);
    const hashes = result.rows.map((r) => r.receipt_hash);
    for (const hash of hashes) expect(all).not.toContain(hash);
  });

  it("CSV: BOM, semicolons, Italian headers, formula-like cells neutralised, amounts as Italian decimals", async () => {
    const grantsCsv = await read(datasetStream(db, coalition, "grants", "csv"));
    expect(grantsCsv.startsWith("\uFEFFID concessione;Programma;")).toBe(true);
    expect(grantsCsv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(grantsCsv).toContain(";'@ERP condiviso;");
    expect(grantsCsv).toContain(";20000,55\r\n");
    const proposalsCsv = await read(datasetStream(db, coalition, "proposals", "csv"));
    expect(proposalsCsv).toContain(`"'+SUM(1;2)"`);
    for (const name of DATASET_NAMES) {
      const text = await read(datasetStream(db, coalition, name, "csv"));
      const cells = text
        .slice(1)
        .split("\r\n")
        .flatMap((line) => line.split(";"))
        .map((cell) => cell.replace(/^"/, ""));
      // Only amounts and numbers may start with "-"; no text cell starts a formula.
      expect(cells.filter((cell) => /^[=+@\t\r]/.test(cell)), name).toEqual([]);
    }
  });

  it("the grants' totals match the coalition's funding figures to the cent", async () => {
    const rows = await jsonRows("grants");
    const totals = await coalitionFundingTotals(db, coalition.id, { programme: "pact" }, TODAY);
    expect(rows.reduce((s, r) => s + Number(r.net_granted_cents), 0)).toBe(totals.grantedCents);
    expect(rows.reduce((s, r) => s + Number(r.paid_cents), 0)).toBe(totals.paidCents);
    expect(totals.paidCents).toBe(20_000_55);
  });

  it("the catalogue's summaries count the rows and date the last change", async () => {
    const summaries = await datasetSummaries(db, coalition.id);
    expect(Object.fromEntries(summaries.map((s) => [s.name, s.rows]))).toEqual({ organisations: 5, calls: 1, proposals: 1, results: 1, grants: 3 });
    for (const s of summaries) expect(s.lastUpdate, s.name).toBeInstanceOf(Date);
  });

  it("the route streams each dataset with its licence; an unknown coalition, dataset or format is not found", async () => {
    const csv = await download(coalition.slug, "grants.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain(`${coalition.slug}-grants.csv`);
    expect(csv.headers.get("x-license")).toBe("CC-BY-4.0");
    expect(csv.headers.get("link")).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    expect(await csv.text()).toContain(CUP);
    const json = await download(coalition.slug, "calls.json");
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await json.json()) as { licence: { id: string; url: string }; dataset: string; generatedAt: string; rows: unknown[] };
    expect(body).toMatchObject({ licence: { id: "CC-BY-4.0", url: "https://creativecommons.org/licenses/by/4.0/" }, dataset: "calls" });
    expect(body.rows).toHaveLength(1);
    expect(new Date(body.generatedAt).getTime()).not.toBeNaN();

    for (const [slug, file] of [
      ["no-such-coalition", "grants.csv"],
      [coalition.slug, "ballots.csv"],
      [coalition.slug, "users.json"],
      [coalition.slug, "grants.xlsx"],
      [coalition.slug, "grants"],
      [coalition.slug, "../grants.csv"],
    ]) {
      const response = await download(slug, file);
      expect(response.status, `${slug}/${file}`).toBe(404);
      expect(await response.text()).not.toContain(CUP);
    }
    expect(parseDatasetFile("organisations.json")).toEqual({ dataset: "organisations", format: "json" });
  });
});

describe("streaming a large dataset", () => {
  it("20,000 members stream in bounded keyset batches: every row once, in both formats", async () => {
    const big = await fundedScenario(db);
    const target = { id: big.s.coalition.coalitionId, slug: big.s.coalition.slug, name: "Grande" };
    const N = 20_000;
    await db.execute(sql`
      with o as (
        insert into organisations (kind, legal_name, codice_fiscale, municipality_code, status)
        select 'research_centre', 'Centro ' || i, 'OD' || ${target.id.slice(0, 8)} || lpad(i::text, 7, '0'), '001272', 'verified'
        from generate_series(1, ${N}) i
        returning id)
      insert into coalition_members (coalition_id, organisation_id, role, weight) select ${target.id}, id, 'member', 1 from o`);
    const expected = N + 5;
    for (const format of ["csv", "json"] as OpenDataFormat[]) {
      const batches: number[] = [];
      const text = await read(datasetStream(db, target, "organisations", format, { batchSize: 1_000, onBatch: (n) => batches.push(n) }));
      expect(Math.max(...batches), format).toBeLessThanOrEqual(1_000);
      expect(batches.length, format).toBe(Math.floor(expected / 1_000) + 1);
      expect(batches.reduce((a, b) => a + b, 0), format).toBe(expected);
      if (format === "csv") {
        const lines = text.split("\r\n").filter(Boolean);
        expect(lines).toHaveLength(expected + 1);
        expect(new Set(lines).size).toBe(expected + 1);
      } else {
        const rows = (JSON.parse(text) as { rows: { organisation_id: string }[] }).rows;
        expect(rows).toHaveLength(expected);
        expect(new Set(rows.map((r) => r.organisation_id)).size).toBe(expected);
      }
    }
  }, 120_000);

  it("a reader that stops early makes only the batches it asked for", async () => {
    const batches: number[] = [];
    const stream = datasetStream(db, coalition, "organisations", "csv", { batchSize: 2, onBatch: (n) => batches.push(n) });
    const reader = stream.getReader();
    await reader.read(); // the header
    await reader.read(); // the first batch
    await reader.cancel();
    // At most one batch read ahead of the reader, never the whole dataset (5 rows: 3 batches of 2).
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(batches[0]).toBe(2);
  });
});
