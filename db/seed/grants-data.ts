/**
 * The pact's grants in the demo (no database imports: Playwright reads these too). The past
 * call's two funded proposals become one grant per partner (db/seed/grants.ts):
 * - Software Eporedia (Sicurezza informatica per le PMI): concession, an advance, SAL 1 reviewed
 *   with one line cut, an interim tranche, SAL 2 submitted and waiting for review; project end and
 *   final report within the next 30 days;
 * - Università del Canavese (Accademia digitale): concession, final report overdue: late;
 * - Fondazione and Unione Industriali (Accademia): concession only, deadlines far ahead (the
 *   journey spec files a report on the Unione's);
 * - Camera di commercio (Sicurezza): no concession yet.
 * Software Eporedia also applies to the regional FESR programme for its co-financed part,
 * linked to the proposal (the promoter's view lists it with the grants).
 */

export const SECURITY_PROPOSAL_TITLE = "Sicurezza informatica per le PMI";
export const ACADEMY_PROPOSAL_TITLE = "Accademia digitale del Canavese";

/** The past call lets the pact pay an advance of up to 30% (the seed sets it when the call has none). */
export const DEMO_ADVANCE_MAX_BP = 3000;

export const DEMO_CONCESSION_ACT = { actNumber: "Determinazione n. 112/2025", actDate: "2025-07-15" } as const;

/** CUP (15 characters) and COR per partner key. */
export const DEMO_GRANT_CODES: Record<string, { cup: string; cor: string }> = {
  "software-eporedia": { cup: "J19H25000120007", cor: "1987601" },
  universita: { cup: "J19H25000110007", cor: "1987602" },
  fondazione: { cup: "J19H25000110008", cor: "1987603" },
  industriali: { cup: "J19H25000110009", cor: "1987604" },
};

export const DEMO_ADVANCE = { amountCents: 10_000_00, guarantee: "Fideiussione bancaria n. 2025/781, Banca del Canavese", paidOn: "2025-09-15" } as const;

export type DemoExpense = { supplier: string; invoiceNumber: string; invoiceDate: string; amountCents: number; cut?: { acceptedCents: number; reason: string } };

/** SAL 1 of Software Eporedia, reviewed: 24.400,00 € accepted, 14.640,00 € cut to 11.600,00 €. */
export const DEMO_SAL_1: DemoExpense[] = [
  { supplier: "Cloud Piemonte S.r.l.", invoiceNumber: "FT-2025/0412", invoiceDate: "2025-10-20", amountCents: 24_400_00 },
  {
    supplier: "Formazione Sicura S.n.c.",
    invoiceNumber: "12/2025",
    invoiceDate: "2025-11-05",
    amountCents: 14_640_00,
    cut: { acceptedCents: 11_600_00, reason: "Tre giornate di formazione su dodici svolte prima dell'avvio del progetto." },
  },
];

/** SAL 2 of Software Eporedia, submitted and waiting for the promoter's review. */
export const DEMO_SAL_2: DemoExpense[] = [
  { supplier: "Eporedia Hardware S.p.A.", invoiceNumber: "FT 2026/118", invoiceDate: "2026-03-10", amountCents: 9_150_00 },
  { supplier: "Studio Legale Olivetti", invoiceNumber: "26/2026", invoiceDate: "2026-04-22", amountCents: 3_050_00 },
];

/** The interim tranche paid on SAL 1: all that was earned (accepted × granted / eligible cost) beyond the advance. */
export const DEMO_INTERIM_PAID_ON = "2026-01-20";

/** Software Eporedia's application to the FESR programme (20% for small firms) for the part the pact does not fund. */
export const SECURITY_COFINANCING_APPLICATION = { title: "Sicurezza informatica per le PMI – quota cofinanziata", eligibleCostCents: 46_667_00, requestedCents: 9_000_00 } as const;
