import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, documents, fileBlobs, proposalSubmissions, proposals } from "@/db/schema";
import { submitProposal, withdrawProposal } from "@/lib/proposals/service";
import { testDb } from "@/test/db";
import { submittedProposal } from "@/test/submissions";
import { buildCanonical, canonicalJson, latestSubmission, parseCanonical, sha256Hex } from "./canonical";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no white space, so key order never changes the hash", () => {
    const a = { b: 1, a: { d: [3, { z: null, y: "è" }], c: true } };
    const b = { a: { c: true, d: [3, { y: "è", z: null }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":true,"d":[3,{"y":"è","z":null}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(sha256Hex(canonicalJson(b))).toBe(sha256Hex(canonicalJson(a)));
    // Lists keep their order: it is part of the data.
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it("takes integers only (cents), writes dates as ISO UTC and leaves out undefined", () => {
    expect(() => canonicalJson({ amount: 12.5 })).toThrow(RangeError);
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(RangeError);
    expect(canonicalJson({ at: new Date("2026-01-10T09:00:00Z"), gone: undefined })).toBe('{"at":"2026-01-10T09:00:00.000Z"}');
  });

  it("hashes the UTF-8 bytes in lower-case hex", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("è")).toBe(sha256Hex(new TextEncoder().encode("è")));
  });
});

describe("the snapshot written by submitProposal", () => {
  it("stores the canonical form and its SHA-256 in the submission's transaction, and audits the hash", async () => {
    const { s, id, reference } = await submittedProposal(db);
    const [row] = await db.select().from(proposalSubmissions).where(eq(proposalSubmissions.proposalId, id));
    const [proposal] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect(row).toMatchObject({ reference, proposalVersion: proposal.version, submittedBy: s.lead.admin.actor.userId });
    expect(row.submittedAt.getTime()).toBe(proposal.submittedAt!.getTime());
    expect(row.sha256).toBe(sha256Hex(row.canonical));
    expect(row.canonical).toBe(canonicalJson(JSON.parse(row.canonical)));

    const data = parseCanonical(row.canonical);
    expect(data).toMatchObject({ reference, submittedAt: proposal.submittedAt!.toISOString(), proposal: { id, title: proposal.title, requestedCents: 280_000_00 } });
    // Partners by organisation id, amounts in cents.
    expect(data.partners.map((p) => p.organisationId)).toEqual([s.lead.organisationId, s.firm.organisationId, s.university.organisationId].sort());
    expect(data.totals).toEqual({ costCents: 400_000_00, cofinancingCents: 120_000_00, requestedCents: 280_000_00 });
    expect(data.partners.find((p) => p.isLead)).toMatchObject({ costCents: 250_000_00, cofinancingCents: 120_000_00, budgetLines: [{ position: 0, category: "services", description: "Lavori", amountCents: 250_000_00 }] });

    const entries = await db.select({ data: auditEntries.data }).from(auditEntries).where(eq(auditEntries.entityId, id));
    expect(entries.some((e) => e.data.sha256 === row.sha256 && e.data.reference === reference)).toBe(true);
  });

  it("recomputing from the same stored data gives the same text; the hash does not depend on row order", async () => {
    const { id } = await submittedProposal(db);
    const row = (await latestSubmission(db, id))!;
    const stamp = JSON.parse(row.canonical) as { reference: string; submittedAt: string; proposalVersion: number };
    const again = canonicalJson(await buildCanonical(db, id, { reference: stamp.reference, submittedAt: new Date(stamp.submittedAt), proposalVersion: stamp.proposalVersion }));
    expect(again).toBe(row.canonical);
  });

  it("lists the current attachments by (organisation, requirement, sha256), not the replaced or deleted ones", async () => {
    const { s, id } = await submittedProposal(db, {
      beforeSubmit: async (proposalId, scenario) => {
        const blob = async (text: string) => {
          const bytes = Buffer.from(text);
          const sha256 = sha256Hex(bytes);
          await db.insert(fileBlobs).values({ sha256, sizeBytes: bytes.length, content: bytes }).onConflictDoNothing();
          return { sha256, sizeBytes: bytes.length };
        };
        const base = { kind: "proposal_attachment" as const, proposalId, mediaType: "application/pdf", uploadedBy: scenario.lead.admin.actor.userId };
        const series = () => crypto.randomUUID();
        await db.insert(documents).values([
          { ...base, ...(await blob(`b ${id0()}`)), seriesId: series(), organisationId: scenario.university.organisationId, title: "Lettera d'intenti", fileName: "lettera.pdf" },
          { ...base, ...(await blob(`a ${id0()}`)), seriesId: series(), organisationId: scenario.lead.organisationId, title: "Allegato tecnico", fileName: "tecnico.pdf", signed: true },
          { ...base, ...(await blob(`old ${id0()}`)), seriesId: series(), organisationId: scenario.lead.organisationId, title: "Vecchio", fileName: "vecchio.pdf", replacedAt: new Date() },
          { ...base, ...(await blob(`del ${id0()}`)), seriesId: series(), organisationId: scenario.lead.organisationId, title: "Cancellato", fileName: "cancellato.pdf", deletedAt: new Date() },
        ]);
      },
    });
    const row = (await latestSubmission(db, id))!;
    const data = parseCanonical(row.canonical);
    expect(data.attachments.map((a) => a.title).sort()).toEqual(["Allegato tecnico", "Lettera d'intenti"]);
    const keys = data.attachments.map((a) => a.organisationId);
    expect(keys).toEqual([...keys].sort());
    expect(row.attachments).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: "Allegato tecnico", fileName: "tecnico.pdf", signed: true, organisationId: s.lead.organisationId })]),
    );
    expect(row.attachments).toHaveLength(2);
  });

  it("a withdrawn proposal keeps its snapshot", async () => {
    const { s, id } = await submittedProposal(db);
    await withdrawProposal(db, s.lead.admin.actor, { proposalId: id, reason: "Ritirata per errore materiale" });
    expect(await latestSubmission(db, id)).not.toBeNull();
    // Submitting again is refused (not a draft), so no second snapshot appears.
    await expect(submitProposal(db, s.lead.admin.actor, { proposalId: id })).rejects.toThrow();
    expect(await db.select().from(proposalSubmissions).where(eq(proposalSubmissions.proposalId, id))).toHaveLength(1);
  });
});

let counter = 0;
function id0() {
  counter += 1;
  return `${Date.now()}-${counter}-${Math.random()}`;
}
