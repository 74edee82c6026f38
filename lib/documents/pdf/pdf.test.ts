import { execFileSync } from "node:child_process";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { CANONICAL_FORMAT, canonicalJson, sha256Hex, type CanonicalSubmission } from "@/lib/documents/canonical";
import { renderApplication } from "./application";
import { renderRanking, type RankingSource } from "./ranking";
import { readReceiptSample } from "./receipt-sample";
import { renderReceipt } from "./receipt";
import { formatMoney, formatRomeTime } from "./texts";

async function text(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

const sample = readReceiptSample();

const ranking: RankingSource = {
  call: { id: "7f0c1f7e-0000-4000-8000-000000000001", title: "Piattaforme condivise 2025", coalitionName: "Tavolo del Canavese" },
  result: {
    version: 2,
    reason: "Ricalcolo dopo la verifica del comitato",
    votingMethod: "score",
    eligibleWeight: 12,
    turnoutWeight: 9,
    quorumBp: 5000,
    quorumReached: true,
    budgetCents: 500_000_00,
    allocatedCents: 450_000_00,
    skippedCents: 0,
    ranking: [
      { proposalId: "p2", reference: "CAN-2025-0002", title: "Logistica comune", leadName: "Trasporti Srl", requestedCents: 200_000_00, submittedAt: null, valueNum: 37, valueDen: 9, ballots: 9, rank: 2, outcome: "allocated", allocatedCents: 200_000_00 },
      { proposalId: "p1", reference: "CAN-2025-0001", title: "ERP condiviso", leadName: "Meccanica Srl", requestedCents: 250_000_00, submittedAt: null, valueNum: 40, valueDen: 9, ballots: 9, rank: 1, outcome: "allocated", allocatedCents: 250_000_00 },
    ],
    fingerprint: "f".repeat(64),
    ballotCount: 18,
    publishedAt: new Date("2025-06-30T10:00:00Z"),
  } as RankingSource["result"],
  anchor: { seq: 1234, hash: "0123456789abcdef".repeat(4) },
};

describe("formats", () => {
  it("writes Italian amounts as 1.234,56 € and Rome time with the offset of the day", () => {
    expect(formatMoney(123456, "it")).toBe("1.234,56 €");
    expect(formatMoney(40_000_000, "it")).toBe("400.000,00 €");
    expect(formatMoney(-5, "it")).toBe("-0,05 €");
    expect(formatMoney(123456, "en")).toBe("€1,234.56");
    expect(formatRomeTime(new Date("2026-01-20T14:15:16Z"))).toBe("20/01/2026 15:15:16");
    expect(formatRomeTime(new Date("2026-07-20T14:15:16Z"))).toBe("20/07/2026 16:15:16");
  });
});

describe("reproducible PDFs", () => {
  it("the same submission gives the same bytes, twice in this process and once in another", async () => {
    const a = await renderReceipt(sample, "it");
    const b = await renderReceipt(sample, "it");
    expect(sha256Hex(a)).toBe(sha256Hex(b));
    expect(Buffer.from(a).subarray(0, 5).toString()).toBe("%PDF-");
    // Another Node process, so nothing cached in this one (fonts, subsets) makes them equal.
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "receipt-sample.ts")], { cwd: process.cwd(), encoding: "utf8" });
    expect(out.trim()).toBe(sha256Hex(a));
    // No clock inside: the dates in the file are the submission's.
    const raw = Buffer.from(a).toString("latin1");
    expect(raw).toContain("/CreationDate (D:20260120141516Z)");
    expect(raw).toContain("/ModDate (D:20260120141516Z)");
    expect(raw).toContain("(Tavolo \\(PDFKit\\))");
  });

  it("the application and the ranking are reproducible too, and the language changes the bytes", async () => {
    expect(sha256Hex(await renderApplication(sample, "en"))).toBe(sha256Hex(await renderApplication(sample, "en")));
    expect(sha256Hex(await renderRanking(ranking, "it"))).toBe(sha256Hex(await renderRanking(ranking, "it")));
    expect(sha256Hex(await renderReceipt(sample, "en"))).not.toBe(sha256Hex(await renderReceipt(sample, "it")));
  });

  it("embeds Titillium Web as subsets with a fixed tag", async () => {
    const raw = Buffer.from(await renderReceipt(sample, "it")).toString("latin1");
    const names = [...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+([\w-]+)/g)].map((m) => `${m[1]}+${m[2]}`);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.includes("TitilliumWeb"))).toBe(true);
    expect(raw).toContain("/FontFile2");
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });
});

describe("what the PDFs say", () => {
  it("the receipt: reference, Rome time, call, organisations, amounts, attachments and hashes", async () => {
    const t = await text(await renderReceipt(sample, "it"));
    const data = JSON.parse(sample.canonical) as CanonicalSubmission;
    expect(t).toContain(sample.reference);
    expect(t).toContain("20/01/2026 15:15:16 (ora di Roma)");
    expect(t).toContain(data.call.title);
    for (const p of data.partners) expect(t).toContain(p.legalName);
    expect(t).toContain("400.000,00 €");
    expect(t).toContain("280.000,00 €");
    expect(t).toContain(sample.sha256);
    for (const a of data.attachments) {
      expect(t).toContain(a.fileName);
      expect(t.replace(/\s+/g, "")).toContain(a.sha256);
    }
  });

  it("the receipt in English", async () => {
    const t = await text(await renderReceipt(sample, "en"));
    expect(t).toContain("Submission receipt");
    expect(t).toContain("20/01/2026 15:15:16 (Rome time)");
    expect(t).toContain("€400,000.00");
  });

  it("the application: the proposal's fields and the budget per partner", async () => {
    const t = await text(await renderApplication(sample, "it"));
    const data = JSON.parse(sample.canonical) as CanonicalSubmission;
    expect(t).toContain(data.proposal.title);
    expect(t).toContain(data.proposal.summary);
    expect(t).toContain("Budget per partner");
    expect(t).toContain("Ricercatori");
    expect(t).toContain("1.234,56 €");
  });

  it("the ranking: version, method, turnout, quorum, ranked proposals, fingerprint, anchor", async () => {
    const t = await text(await renderRanking(ranking, "it"));
    expect(t).toContain("Versione 2, pubblicata il 30/06/2025 12:00:00 (ora di Roma)");
    expect(t).toContain("Ricalcolo dopo la verifica del comitato");
    expect(t).toContain("Punteggio da 0 a 5");
    expect(t).toContain("9 su 12 di peso (75,0%)");
    expect(t).toContain("50,0%: raggiunto");
    expect(t.indexOf("ERP condiviso")).toBeLessThan(t.indexOf("Logistica comune"));
    expect(t).toContain("4,44");
    expect(t).toContain("250.000,00 €");
    expect(t).toContain("f".repeat(64));
    expect(t).toContain(`voce n. 1234, hash ${"0123456789abcdef".repeat(4)}`);
  });
});

describe("the sample", () => {
  it("is a canonical text whose hash is the one given", () => {
    expect(sample.sha256).toBe(sha256Hex(sample.canonical));
    expect(canonicalJson(JSON.parse(sample.canonical))).toBe(sample.canonical);
    expect(JSON.parse(sample.canonical).format).toBe(CANONICAL_FORMAT);
  });
});
