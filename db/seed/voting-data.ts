/**
 * The voting chapter of the demo (no database imports: Playwright reads these too).
 * Three calls: the 2025 one with published results, one voting now, one whose vote has
 * just closed and waits for the promoters to publish.
 */

export const VOTING_CALL_TITLE = "Sicurezza informatica condivisa";
export const COUNTING_CALL_TITLE = "Cloud per gli enti locali";
/** A call whose submission has closed: the promoters are marking admissibility. */
export const REVIEW_CALL_TITLE = "Vetrine online per le botteghe";

export type DemoVotingProposal = { title: string; lead: string; partners: string[]; requestedEuro: number; submittedDaysAgo: number };

/** Past call (score): ranked Accademia, Sicurezza PMI, Vendere online; the last does not fit the €300,000 left after the first two. */
export const PAST_PROPOSALS: (DemoVotingProposal & { scores: Record<string, number> })[] = [
  {
    title: "Accademia digitale del Canavese",
    lead: "universita",
    partners: ["fondazione", "industriali"],
    requestedEuro: 120_000,
    submittedDaysAgo: 0,
    scores: { cmto: 5, ivrea: 4, cuorgne: 4, cciaa: 5, "meccanica-dora": 4, "elettronica-canavesana": 5, "software-eporedia": 4, "caseificio-valle-sacra": 4 },
  },
  {
    title: "Sicurezza informatica per le PMI",
    lead: "software-eporedia",
    partners: ["cciaa"],
    requestedEuro: 140_000,
    submittedDaysAgo: 0,
    scores: { cmto: 4, ivrea: 4, cuorgne: 3, industriali: 5, universita: 4, fondazione: 4, "meccanica-dora": 3, "elettronica-canavesana": 4 },
  },
  {
    title: "Vendere online: competenze per le micro imprese",
    lead: "caseificio-valle-sacra",
    partners: ["logistica-alto-canavese"],
    requestedEuro: 90_000,
    submittedDaysAgo: 0,
    scores: { cmto: 3, ivrea: 3, cciaa: 4, industriali: 4, universita: 2, fondazione: 3, "software-eporedia": 3 },
  },
];

/** The call voting now (approval, secret ballots); nobody has voted yet. */
export const VOTING_PROPOSALS: DemoVotingProposal[] = [
  { title: "SOC condiviso per le imprese del distretto", lead: "software-eporedia", partners: ["universita", "elettronica-canavesana"], requestedEuro: 240_000, submittedDaysAgo: 14 },
  { title: "Formazione anti-phishing per gli enti locali", lead: "fondazione", partners: ["ivrea", "cuorgne"], requestedEuro: 120_000, submittedDaysAgo: 13 },
  { title: "Backup e continuità operativa in cloud", lead: "meccanica-dora", partners: ["logistica-alto-canavese"], requestedEuro: 200_000, submittedDaysAgo: 12 },
];

/** The call whose vote closed yesterday (approval, public ballots): 1 yes, -1 no, 0 abstain. */
export const COUNTING_PROPOSALS: (DemoVotingProposal & { ballots: Record<string, number> })[] = [
  {
    title: "Cloud comune per i Comuni del Canavese",
    lead: "cuorgne",
    partners: ["ivrea"],
    requestedEuro: 200_000,
    submittedDaysAgo: 30,
    ballots: { cmto: 1, cciaa: 1, industriali: 1, universita: 1, fondazione: 0, "meccanica-dora": 1, "software-eporedia": 1 },
  },
  {
    title: "Sportello unico digitale per le imprese",
    lead: "cciaa",
    partners: ["software-eporedia"],
    requestedEuro: 150_000,
    submittedDaysAgo: 29,
    ballots: { cmto: 1, ivrea: 1, cuorgne: 1, industriali: 1, universita: -1, "meccanica-dora": 1 },
  },
  {
    title: "Anagrafe dei beni culturali in cloud",
    lead: "fondazione",
    partners: ["universita"],
    requestedEuro: 180_000,
    submittedDaysAgo: 28,
    ballots: { cmto: 1, ivrea: 1, cuorgne: -1, cciaa: 0, industriali: 1, "meccanica-dora": -1, "software-eporedia": 1 },
  },
];

/**
 * A receipt whose token is known, so the demo (and the e2e test) can check a ballot
 * once the counting call's results are out: Città metropolitana's yes on the first
 * proposal. Every other seeded receipt is random and known to nobody.
 */
export const DEMO_RECEIPT = {
  callTitle: COUNTING_CALL_TITLE,
  proposalTitle: "Cloud comune per i Comuni del Canavese",
  orgKey: "cmto",
  value: 1,
  token: "TAVOLODEMORICEVUTACANAVESEPATTOX",
} as const;

/**
 * A known receipt on the call whose results the seed publishes: the chamber of commerce's
 * 5 of 5 on the academy. Checkable from the first start, with the code alone.
 */
export const DEMO_PAST_RECEIPT = {
  callTitle: "Competenze digitali 2025",
  proposalTitle: "Accademia digitale del Canavese",
  orgKey: "cciaa",
  value: 5,
  token: "TAVOLODEMORICEVUTACOMPETENZEDIGI",
} as const;

/** The call in review: submitted proposals waiting to be marked admissible or not. */
export const REVIEW_PROPOSALS: DemoVotingProposal[] = [
  { title: "Vetrina comune delle botteghe di Ivrea", lead: "software-eporedia", partners: ["cciaa", "ivrea"], requestedEuro: 150_000, submittedDaysAgo: 5 },
  { title: "Prenotazioni online per l'ospitalità", lead: "logistica-alto-canavese", partners: ["caseificio-valle-sacra"], requestedEuro: 90_000, submittedDaysAgo: 4 },
];

export type DemoBudgetLine = { org: string; category: "personnel" | "services" | "software"; description: string; amountCents: number };

const RESEARCH = new Set(["universita", "fondazione"]);

/**
 * The budget of an imported proposal, in whole euros: co-financing a quarter of the cost
 * (above the 20% the demo calls ask), so cost = requested + co-financing exactly; half of the
 * cost with the lead, the rest shared by the partners (the last takes the odd euros).
 */
export function demoBudget(p: Pick<DemoVotingProposal, "lead" | "partners" | "requestedEuro">): {
  totalCents: number;
  cofinancingCents: number;
  lines: DemoBudgetLine[];
} {
  const cofinancing = Math.round(p.requestedEuro / 3);
  const total = p.requestedEuro + cofinancing;
  const leadShare = p.partners.length === 0 ? total : Math.round(total / 2);
  const each = p.partners.length === 0 ? 0 : Math.floor((total - leadShare) / p.partners.length);
  const line = (org: string, euro: number, lead: boolean): DemoBudgetLine => ({
    org,
    category: RESEARCH.has(org) ? "personnel" : lead ? "software" : "services",
    description: RESEARCH.has(org) ? "Ricerca e sperimentazione" : lead ? "Sviluppo, coordinamento e messa in esercizio" : "Adozione e diffusione presso il partner",
    amountCents: euro * 100,
  });
  const lines = [
    line(p.lead, leadShare, true),
    ...p.partners.map((org, i) => line(org, i === p.partners.length - 1 ? total - leadShare - each * (p.partners.length - 1) : each, false)),
  ];
  return { totalCents: total * 100, cofinancingCents: cofinancing * 100, lines };
}
