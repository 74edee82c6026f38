import { CANONICAL_FORMAT, canonicalJson, sha256Hex, type CanonicalSubmission } from "@/lib/documents/canonical";
import { renderReceipt } from "./receipt";

/**
 * A fixed submission for the PDF tests. Run as a script it renders the Italian receipt
 * and prints its SHA-256, so a test can compare the bytes made by two processes.
 */
export function readReceiptSample() {
  const data: CanonicalSubmission = {
    format: CANONICAL_FORMAT,
    reference: "CAN-2026-0042",
    submittedAt: "2026-01-20T14:15:16.000Z",
    proposalVersion: 9,
    call: { id: "11111111-1111-4111-8111-111111111111", title: "Piattaforme digitali condivise per la manifattura", coalitionName: "Tavolo del Canavese" },
    proposal: {
      id: "22222222-2222-4222-8222-222222222222",
      title: "ERP condiviso per le officine",
      summary: "Un gestionale comune per dieci imprese meccaniche dell'Eporediese.",
      problem: "Nessuna piccola impresa può permettersi da sola un ERP.",
      solutionType: "erp",
      objectives: "Adottarlo in dieci imprese entro diciotto mesi.",
      indicators: [{ name: "Imprese che lo usano", baseline: "0", target: "10", unit: "imprese" }],
      milestones: [{ title: "Avvio", month: 1 }],
      durationMonths: 18,
      sectors: ["industry"],
      leadOrganisationId: "33333333-3333-4333-8333-333333333333",
      requestedCents: 280_000_00,
    },
    partners: [
      {
        organisationId: "33333333-3333-4333-8333-333333333333",
        legalName: "Officine Meccaniche Canavesane S.r.l.",
        kind: "firm",
        sizeClass: "small",
        partitaIva: "01234567890",
        codiceFiscale: null,
        isLead: true,
        roleDescription: "Capofila",
        contribution: "",
        cofinancingCents: 120_000_00,
        costCents: 398_765_44,
        budgetLines: [{ position: 0, category: "services", description: "Lavori", amountCents: 398_765_44 }],
      },
      {
        organisationId: "44444444-4444-4444-8444-444444444444",
        legalName: "Università degli Studi di Torino",
        kind: "university",
        sizeClass: null,
        partitaIva: null,
        codiceFiscale: "80088230018",
        isLead: false,
        roleDescription: "Ricerca",
        contribution: "Laboratorio",
        cofinancingCents: 0,
        costCents: 1_234_56,
        budgetLines: [{ position: 0, category: "personnel", description: "Ricercatori", amountCents: 1_234_56 }],
      },
    ],
    totals: { costCents: 400_000_00, cofinancingCents: 120_000_00, requestedCents: 280_000_00 },
    attachments: [
      { organisationId: "33333333-3333-4333-8333-333333333333", requirementId: null, title: "Allegato tecnico", fileName: "allegato-tecnico.pdf.p7m", mediaType: "application/pkcs7-mime", sizeBytes: 12_345, signed: true, sha256: "9f".repeat(32) },
      { organisationId: "44444444-4444-4444-8444-444444444444", requirementId: null, title: "Lettera d'intenti", fileName: "lettera.pdf", mediaType: "application/pdf", sizeBytes: 2_345, signed: false, sha256: "a0".repeat(32) },
    ],
  };
  const canonical = canonicalJson(data);
  return { reference: data.reference, submittedAt: new Date(data.submittedAt), sha256: sha256Hex(canonical), canonical };
}

if (process.argv[1] && /receipt-sample\.ts$/.test(process.argv[1])) {
  renderReceipt(readReceiptSample(), "it").then((bytes) => console.log(sha256Hex(bytes)));
}
