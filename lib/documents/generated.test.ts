import { and, eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditAnchors, organisations, proposalBudgetLines, proposalPartners, proposalSubmissions } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { castBallot, correctResults, publishResults } from "@/lib/voting/service";
import { asOwner, testDb } from "@/test/db";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { admitTestMember } from "@/test/coalitions";
import { createScenario } from "@/test/proposals";
import { submittedProposal } from "@/test/submissions";
import { AFTER_VOTING, createVotingScenario, VOTING } from "@/test/voting";
import { latestSubmission, sha256Hex } from "./canonical";
import { listResultVersions, maySeeSubmissionDocuments, rankingPdf, resultsCsv, submissionPdf } from "./generated";
import { verifyReceipt } from "./receipt-verify";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function text(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

describe("receipt and application PDFs: who may download them", () => {
  it("the lead's people (any role), accepted partners and the call's promoters; not a visitor, another firm, an invited partner or an observer", async () => {
    const s = await createScenario(db);
    const invited = await admitTestMember(db, s.coalition);
    const { id, reference } = await submittedProposal(db, { scenario: s });
    // An invitation left unanswered (written after the submission, which it would have blocked).
    await db.insert(proposalPartners).values({ proposalId: id, organisationId: invited.organisationId, status: "invited", createdBy: s.lead.admin.actor.userId });
    const leadMember = await addMember(db, s.lead, "member");
    const otherFirm = await createOrganisation(db);
    const stranger = await createUser(db);

    const may = async (actor: Parameters<typeof submissionPdf>[1]) => (await submissionPdf(db, actor, id, "receipt", "it")) !== null;
    expect(await may(s.lead.admin.actor)).toBe(true);
    expect(await may(leadMember.actor)).toBe(true);
    expect(await may(s.university.admin.actor)).toBe(true);
    expect(await may(s.firm.admin.actor)).toBe(true);
    expect(await may(s.coalition.promoter.admin.actor)).toBe(true);
    expect(await may(null)).toBe(false);
    expect(await may(otherFirm.admin.actor)).toBe(false);
    expect(await may(stranger.actor)).toBe(false);
    expect(await may(invited.admin.actor)).toBe(false);
    expect(await may(s.observer.admin.actor)).toBe(false);
    // The same rule for the application.
    expect(await submissionPdf(db, s.firm.admin.actor, id, "application", "it")).not.toBeNull();
    expect(await submissionPdf(db, otherFirm.admin.actor, id, "application", "it")).toBeNull();
    expect(await submissionPdf(db, null, id, "application", "it")).toBeNull();

    const file = (await submissionPdf(db, s.lead.admin.actor, id, "receipt", "it"))!;
    expect(file).toMatchObject({ fileName: `ricevuta-${reference}.pdf`, mediaType: "application/pdf", etag: `"${sha256Hex(file.bytes)}"` });
    expect((await submissionPdf(db, s.lead.admin.actor, id, "application", "en"))!.fileName).toBe(`application-${reference}.pdf`);
  });

  it("a draft has no documents, even for its lead; an unknown proposal is not found", async () => {
    const s = await createScenario(db);
    const { createProposal } = await import("@/lib/proposals/service");
    const { proposalId } = await createProposal(db, s.lead.admin.actor, { callId: s.callId, leadOrganisationId: s.lead.organisationId, title: "Bozza" });
    expect(await submissionPdf(db, s.lead.admin.actor, proposalId, "receipt", "it")).toBeNull();
    expect(await maySeeSubmissionDocuments(db, s.coalition.promoter.admin.actor, { id: proposalId, callId: s.callId, status: "draft" })).toBe(false);
    expect(await submissionPdf(db, s.lead.admin.actor, crypto.randomUUID(), "receipt", "it")).toBeNull();
  });

  it("the receipt is the same bytes at every download, whenever it is asked for", async () => {
    const { s, id, reference } = await submittedProposal(db);
    const first = (await submissionPdf(db, s.lead.admin.actor, id, "receipt", "it"))!;
    setClock(new Date("2027-05-05T05:05:05Z"));
    const later = (await submissionPdf(db, s.coalition.promoter.admin.actor, id, "receipt", "it"))!;
    expect(later.etag).toBe(first.etag);
    const t = await text(first.bytes);
    const submission = (await latestSubmission(db, id))!;
    expect(t).toContain(reference);
    expect(t).toContain("20/01/2026 15:15:16 (ora di Roma)");
    expect(t).toContain(submission.sha256);
  });
});

describe("receipt:verify", () => {
  it("says OK for a receipt as downloaded", async () => {
    const { s, id } = await submittedProposal(db);
    const file = (await submissionPdf(db, s.lead.admin.actor, id, "receipt", "en"))!;
    const report = await verifyReceipt(db, file.bytes);
    expect(report.lines.at(-1)).toBe("OK");
    expect(report.ok).toBe(true);
  });

  it("refuses a receipt whose printed hash was changed, and says what differs", async () => {
    const { s, id } = await submittedProposal(db);
    const file = (await submissionPdf(db, s.lead.admin.actor, id, "receipt", "it"))!;
    const submission = (await latestSubmission(db, id))!;
    const forged = "0".repeat(64);
    // Same length, so the PDF's cross-reference table still holds: a careful forgery.
    const tampered = Buffer.from(Buffer.from(file.bytes).toString("latin1").replaceAll(submission.sha256, forged), "latin1");
    const report = await verifyReceipt(db, new Uint8Array(tampered));
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toContain(`the receipt's SHA-256 ${forged} is not the submission's ${submission.sha256}`);
  });

  it("refuses when the data stored now differs from the snapshot, naming the field", async () => {
    const { s, id } = await submittedProposal(db);
    const file = (await submissionPdf(db, s.lead.admin.actor, id, "receipt", "it"))!;
    await asOwner((owner) => owner.update(proposalBudgetLines).set({ amountCents: 1 }).where(and(eq(proposalBudgetLines.proposalId, id), eq(proposalBudgetLines.organisationId, s.firm.organisationId))));
    const report = await verifyReceipt(db, file.bytes);
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toMatch(/partners\[\d\]\.budgetLines\[0\]\.amountCents: 5000000 → 1/);
  });

  it("refuses a receipt whose submission is not in this database, and a file that is not a receipt", async () => {
    const { s, id } = await submittedProposal(db);
    const file = (await submissionPdf(db, s.lead.admin.actor, id, "receipt", "it"))!;
    await asOwner((owner) => owner.delete(proposalSubmissions).where(eq(proposalSubmissions.proposalId, id)));
    expect((await verifyReceipt(db, file.bytes)).lines.join("\n")).toContain("no submission with reference");
    expect((await verifyReceipt(db, new TextEncoder().encode("not a pdf"))).ok).toBe(false);
  });
});

describe("ranking PDF and results CSV", () => {
  it("exist only once results are published; each version keeps its own PDF with its anchor", async () => {
    const s = await createVotingScenario(db);
    const p = await s.proposal({ title: "Piattaforma A", requestedCents: 300_000_00 });
    const q = await s.proposal({ title: "Piattaforma B", requestedCents: 200_000_00 });
    expect(await rankingPdf(db, s.callId, 1, "it")).toBeNull();
    expect(await resultsCsv(db, s.callId)).toBeNull();

    setClock(VOTING);
    // The lead may not vote on its own proposals (conflict of interest).
    for (const org of [s.coalition.promoter, s.firm, s.university]) {
      await castBallot(db, org.admin.actor, { callId: s.callId, proposalId: p, organisationId: org.organisationId, value: 1 });
      await castBallot(db, org.admin.actor, { callId: s.callId, proposalId: q, organisationId: org.organisationId, value: org === s.university ? -1 : 1 });
    }
    setClock(AFTER_VOTING);
    const promoter = s.coalition.promoter.admin.actor;
    const { fingerprint } = await publishResults(db, promoter, { callId: s.callId });
    const v1 = (await rankingPdf(db, s.callId, 1, "it"))!;
    expect(v1).not.toBeNull();
    expect(await rankingPdf(db, s.callId, 2, "it")).toBeNull();
    const [anchor1] = await db.select().from(auditAnchors).where(and(eq(auditAnchors.entityId, s.callId), eq(auditAnchors.version, 1)));
    const t1 = await text(v1.bytes);
    expect(t1).toContain("Versione 1");
    expect(t1).toContain(fingerprint);
    expect(t1).toContain(`voce n. ${anchor1.seq}, hash ${anchor1.hash}`);
    expect(t1.indexOf("Piattaforma A")).toBeLessThan(t1.indexOf("Piattaforma B"));

    setClock(new Date(AFTER_VOTING.getTime() + 86_400_000));
    await correctResults(db, promoter, { callId: s.callId, reason: "Verifica del comitato di valutazione" });
    const v2 = (await rankingPdf(db, s.callId, 2, "en"))!;
    const [anchor2] = await db.select().from(auditAnchors).where(and(eq(auditAnchors.entityId, s.callId), eq(auditAnchors.version, 2)));
    const t2 = await text(v2.bytes);
    expect(t2).toContain("Version 2");
    expect(t2).toContain("Verifica del comitato di valutazione");
    expect(t2).toContain(`entry no. ${anchor2.seq}, hash ${anchor2.hash}`);
    // The old version is still there, byte for byte.
    expect((await rankingPdf(db, s.callId, 1, "it"))!.etag).toBe(v1.etag);
    expect((await listResultVersions(db, s.callId)).map((v) => v.version)).toEqual([1, 2]);

    const csv = (await resultsCsv(db, s.callId))!;
    const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(csv.bytes);
    expect(body.startsWith("\uFEFFVersione;Pubblicata il;Metodo;Posizione;Riferimento;Titolo")).toBe(true);
    expect(body.split("\r\n").filter((l) => l.includes("Piattaforma A"))).toHaveLength(2);
    expect(body).toContain("300000,00");
    expect(body).toContain(fingerprint);
  });

  it("a draft call or an unknown call has neither", async () => {
    expect(await rankingPdf(db, crypto.randomUUID(), 1, "it")).toBeNull();
    expect(await resultsCsv(db, crypto.randomUUID())).toBeNull();
    const [org] = await db.select({ id: organisations.id }).from(organisations).limit(1);
    expect(org).toBeDefined();
  });
});
