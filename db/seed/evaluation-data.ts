/**
 * The technical appraisal of the 2025 call "Competenze digitali 2025" (issue 14): four criteria,
 * a weighted combination (w 40 %, minimum 60 of 100), a committee of three people of member
 * organisations and its consolidated scores. No database imports: Playwright reads these too.
 *
 * Hand computation of the published ranking (score voting, vote = weighted mean / 5):
 *   Accademia     82/100, vote 4.5/5 = 0.9     → 0.4 × 0.82 + 0.6 × 0.9     = 0.868
 *   Sicurezza PMI 76/100, vote 4/5   = 0.8     → 0.4 × 0.76 + 0.6 × 0.8     = 0.784
 *   Vendere online 64/100, vote 41/65 ≈ 0.631  → 0.4 × 0.64 + 0.6 × 41/65   ≈ 0.634
 * All reach 60: the first two fit the €300,000 budget (€260,000), the third does not (skipped).
 */

export const PAST_EVALUATION_RULE = { mode: "weighted" as const, minTotal: 60, weightBp: 4000 };

export const PAST_CRITERIA = [
  { name: "Innovazione", maxPoints: 30, description: "Quanto la soluzione è nuova per il territorio e per i soggetti che la adottano." },
  { name: "Partenariato", maxPoints: 20, description: "Complementarità dei partner, ruoli chiari, presenza di enti di ricerca o formazione." },
  { name: "Fattibilità", maxPoints: 25, description: "Piano di lavoro, tempi, budget coerente con le attività, rischi individuati." },
  { name: "Impatto territoriale", maxPoints: 25, description: "Imprese e persone raggiunte nel Canavese, durata dei risultati oltre il progetto." },
] as const;

/**
 * The committee: people of member organisations. The chamber of commerce is a partner of
 * "Sicurezza informatica per le PMI": its evaluator is excluded from that proposal automatically.
 */
export const PAST_COMMITTEE = [
  { orgKey: "ivrea", email: "laura.actis@comune-ivrea.demo", role: "chair" as const },
  { orgKey: "meccanica-dora", email: "roberto.chiantaretto@meccanicadora.demo", role: "member" as const },
  { orgKey: "cciaa", email: "franco.musso@cciaa.demo", role: "member" as const },
];

type Consolidated = { points: [number, number, number, number]; justifications: [string, string, string, string] };

/** The committee's consolidated score per criterion (in PAST_CRITERIA's order), by proposal title. */
export const PAST_CONSOLIDATED: Record<string, Consolidated> = {
  "Accademia digitale del Canavese": {
    points: [25, 17, 20, 20],
    justifications: [
      "Percorsi modulari su dati e automazione mai offerti in forma congiunta nel Canavese; buon uso di laboratori esistenti.",
      "Università, fondazione e associazione di categoria coprono progettazione, didattica e raggiungimento delle imprese.",
      "Calendario realistico; il budget per la docenza è adeguato, quello per la comunicazione un po' ottimistico.",
      "Almeno 300 addetti formati in due anni con un impegno di continuità oltre la fine del progetto.",
    ],
  },
  "Sicurezza informatica per le PMI": {
    points: [22, 14, 21, 19],
    justifications: [
      "Il servizio di valutazione delle vulnerabilità per le micro imprese è nuovo per il distretto, anche se basato su strumenti noti.",
      "Partenariato ridotto a due soggetti: solido ma con poca presenza delle imprese destinatarie.",
      "Attività ben descritte e tempi credibili; il capofila ha già erogato servizi simili.",
      "Beneficio diffuso sulle PMI della filiera meccanica ed elettronica; da chiarire il modello dopo il finanziamento.",
    ],
  },
  "Vendere online: competenze per le micro imprese": {
    points: [16, 13, 18, 17],
    justifications: [
      "Contenuti formativi utili ma già disponibili in iniziative regionali; innovazione limitata.",
      "Caseificio e logistica rappresentano bene la filiera agroalimentare, senza un soggetto formativo.",
      "Piano semplice e sostenibile; i costi per partecipante sono contenuti.",
      "Ricadute concrete sulle vendite delle micro imprese delle valli, su una platea però ristretta.",
    ],
  },
};

/**
 * Each evaluator's own score: the consolidated one moved by these offsets (per criterion), with
 * a short justification. Evaluators in the order of PAST_COMMITTEE.
 */
export const PAST_INDIVIDUAL_OFFSETS: [number, number, number, number][] = [
  [0, 1, -1, 0],
  [1, -1, 0, 1],
  [-1, 0, 1, -1],
];

export const PAST_INDIVIDUAL_NOTES = [
  "Valutazione in linea con la scheda di progetto; punti di forza e di debolezza discussi nella relazione.",
  "Giudizio basato sul piano di lavoro e sugli indicatori proposti.",
  "Punteggio motivato dal confronto con iniziative simili già finanziate.",
];
