import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions, organisations, proposals, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { decidePartnerRequest, invitePartner, requestToJoinProposal, respondToPartnerInvitation } from "@/lib/proposals/partnerships";
import { createProposal, saveBudgetPart, submitProposal, updateProposal } from "@/lib/proposals/service";
import type { UpdateProposalInput } from "@/lib/proposals/schemas";
import { ensureProposalAttachments } from "./attachments";
import { OPEN_CALL_TITLE } from "./calls";
import { DEMO_COALITION, demoOrganisation } from "./data";
import type { SeedResult } from "./seed";

type Line = { category: "personnel" | "equipment" | "software" | "services" | "training" | "other"; description: string; amount: string };
type Part = { org: string; lines: Line[]; cofinancing: string };
type Joining = { org: string; how: "invitation" | "request"; role: string; message?: string; contribution?: string };

type DemoProposal = {
  title: string;
  lead: string;
  partners: Joining[];
  fields: Omit<UpdateProposalInput, "proposalId" | "version" | "title">;
  budget: Part[];
  submit: boolean;
};

const indicator = (name: string, baseline: string, target: string, unit: string) => ({ name, baseline, target, unit });

/** The three proposals of DEMO.md, keyed by their title in the open call. */
export const DEMO_PROPOSALS: DemoProposal[] = [
  {
    title: "ERP condiviso per la meccanica canavesana",
    lead: "meccanica-dora",
    partners: [
      { org: "elettronica-canavesana", how: "invitation", role: "Integrazione dei dati di produzione delle schede elettroniche" },
      { org: "software-eporedia", how: "invitation", role: "Configurazione e personalizzazione dell'ERP" },
      { org: "universita", how: "invitation", role: "Analisi dei processi e formazione del personale" },
    ],
    fields: {
      summary: "Un ERP in cloud, configurato una volta e usato da dieci piccole imprese meccaniche ed elettroniche del distretto.",
      problem: "Le imprese meccaniche del Canavese sono troppo piccole per acquistare e mantenere un gestionale ciascuna: ordini, magazzino e commesse vivono su fogli di calcolo.",
      solutionType: "erp",
      objectives: "Portare dieci imprese su un ERP comune con anagrafiche condivise di fornitori e materiali; ridurre i tempi di evasione degli ordini.",
      indicators: [indicator("Imprese che usano l'ERP", "0", "10", "imprese"), indicator("Tempo medio di evasione degli ordini", "12", "8", "giorni")],
      milestones: [
        { title: "Analisi dei processi comuni", month: "3" },
        { title: "Primo avvio in tre imprese", month: "9" },
        { title: "Estensione a dieci imprese", month: "18" },
      ],
      durationMonths: "18",
      sectors: ["industry"],
      lookingForKinds: [],
      requested: "275.000",
    },
    budget: [
      {
        org: "meccanica-dora",
        lines: [
          { category: "software", description: "Licenze ERP in cloud per dieci imprese, 18 mesi", amount: "180.000" },
          { category: "personnel", description: "Referenti interni di progetto", amount: "60.000" },
        ],
        cofinancing: "90.000",
      },
      { org: "elettronica-canavesana", lines: [{ category: "equipment", description: "Terminali di reparto e lettori di codici", amount: "40.000" }], cofinancing: "15.000" },
      { org: "software-eporedia", lines: [{ category: "services", description: "Configurazione, migrazione dei dati e assistenza", amount: "70.000" }], cofinancing: "20.000" },
      { org: "universita", lines: [{ category: "personnel", description: "Assegno di ricerca sull'analisi dei processi", amount: "50.000" }], cofinancing: "0" },
    ],
    submit: true,
  },
  {
    title: "Marketplace B2B del distretto",
    lead: "software-eporedia",
    partners: [
      { org: "cciaa", how: "invitation", role: "Anagrafe delle imprese e promozione presso gli iscritti" },
      { org: "elettronica-canavesana", how: "invitation", role: "Primo catalogo di componenti elettronici" },
      {
        org: "caseificio-valle-sacra",
        how: "request",
        role: "",
        message: "Vendiamo a ristoranti e negozi della zona: ci interessa un canale B2B comune.",
        contribution: "Catalogo dei prodotti caseari e prove con i nostri clienti",
      },
    ],
    fields: {
      summary: "Un marketplace dove le imprese del distretto trovano fornitori e clienti locali, con un catalogo comune.",
      problem: "Le imprese del distretto comprano fuori zona ciò che un vicino produce, perché non esiste un catalogo comune.",
      solutionType: "marketplace",
      objectives: "Pubblicare i cataloghi di cinquanta imprese e concludere i primi ordini tra imprese del distretto.",
      indicators: [indicator("Imprese con catalogo pubblicato", "0", "50", "imprese")],
      milestones: [{ title: "Catalogo pilota", month: "6" }],
      durationMonths: "12",
      sectors: ["industry", "services", "agrifood"],
      lookingForKinds: ["university"],
      requested: "150.000",
    },
    budget: [
      { org: "software-eporedia", lines: [{ category: "software", description: "Sviluppo della piattaforma", amount: "120.000" }], cofinancing: "40.000" },
      { org: "cciaa", lines: [{ category: "services", description: "Campagna verso le imprese iscritte", amount: "20.000" }], cofinancing: "10.000" },
    ],
    submit: false,
  },
  {
    title: "Piattaforma logistica e tracciabilità",
    lead: "logistica-alto-canavese",
    partners: [
      { org: "caseificio-valle-sacra", how: "invitation", role: "Tracciabilità dei lotti di formaggio dalla stalla al cliente" },
      { org: "fondazione", how: "invitation", role: "Sensori e registro dei lotti" },
    ],
    fields: {
      summary: "Consegne condivise tra le valli e tracciabilità dei lotti agroalimentari su un'unica piattaforma.",
      problem: "I piccoli produttori delle valli consegnano ciascuno con il proprio furgone e non sanno dimostrare la provenienza dei lotti.",
      solutionType: "logistics",
      objectives: "Ridurre i viaggi a vuoto e dare a ogni lotto una scheda di tracciabilità consultabile dal cliente.",
      indicators: [indicator("Viaggi a vuoto al mese", "40", "15", "viaggi")],
      milestones: [
        { title: "Pianificazione condivisa dei giri", month: "4" },
        { title: "Schede di tracciabilità dei lotti", month: "10" },
      ],
      durationMonths: "15",
      sectors: ["agrifood", "services"],
      lookingForKinds: [],
      requested: "260.000",
    },
    // Co-financing 40,000 of 300,000 (13.33%): below the call's 30%, the eligibility problem the demo shows.
    budget: [
      { org: "logistica-alto-canavese", lines: [{ category: "software", description: "Piattaforma di pianificazione dei giri", amount: "150.000" }], cofinancing: "30.000" },
      { org: "caseificio-valle-sacra", lines: [{ category: "equipment", description: "Etichettatrici e lettori per i lotti", amount: "50.000" }], cofinancing: "10.000" },
      { org: "fondazione", lines: [{ category: "personnel", description: "Ricercatori sui sensori di filiera", amount: "100.000" }], cofinancing: "0" },
    ],
    submit: false,
  },
];

/**
 * The proposals of the open call, made through the proposal and partnership services by
 * the demo people themselves, so the audit trail tells the story. Idempotent by call and
 * title: a proposal that exists is left as it is.
 */
export async function ensureProposals(db: Db, result: SeedResult): Promise<void> {
  const [call] = await db
    .select({ id: calls.id })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, OPEN_CALL_TITLE)));
  if (!call) throw new Error(`No open call "${OPEN_CALL_TITLE}" to add proposals to`);

  const orgIdCache = new Map<string, string>();
  const orgId = async (key: string) => {
    const o = demoOrganisation(key);
    if (!orgIdCache.has(key)) {
      const where = o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale);
      const [row] = await db.select({ id: organisations.id }).from(organisations).where(where);
      orgIdCache.set(key, row.id);
    }
    return orgIdCache.get(key)!;
  };
  const adminOf = async (key: string): Promise<Actor> => {
    const email = demoOrganisation(key).people[0].email;
    const [u] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
    return { userId: u.id, email: u.email, name: u.name, isPlatformAdmin: u.isPlatformAdmin };
  };

  for (const p of DEMO_PROPOSALS) {
    const [existing] = await db.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.callId, call.id), eq(proposals.title, p.title)));
    if (existing) continue;
    const lead = await adminOf(p.lead);
    const { proposalId } = await createProposal(db, lead, { callId: call.id, leadOrganisationId: await orgId(p.lead), title: p.title });
    const version = async () => (await db.select({ v: proposals.version }).from(proposals).where(eq(proposals.id, proposalId)))[0].v;
    await updateProposal(db, lead, { proposalId, version: await version(), title: p.title, ...p.fields });

    for (const j of p.partners) {
      const organisationId = await orgId(j.org);
      const partner = await adminOf(j.org);
      if (j.how === "invitation") {
        await invitePartner(db, lead, { proposalId, organisationId, roleDescription: j.role });
        await respondToPartnerInvitation(db, partner, { proposalId, organisationId, decision: "accept" });
      } else {
        await requestToJoinProposal(db, partner, { proposalId, organisationId, message: j.message ?? "", contribution: j.contribution ?? "" });
        await decidePartnerRequest(db, lead, { proposalId, organisationId, decision: "accept" });
      }
    }
    for (const part of p.budget) {
      await saveBudgetPart(db, await adminOf(part.org), { proposalId, version: await version(), organisationId: await orgId(part.org), lines: part.lines, cofinancing: part.cofinancing });
    }
    // The call requires attachments (db/seed/attachments.ts): uploaded while it is a draft.
    await ensureProposalAttachments(db, proposalId, result);
    if (p.submit) {
      const { reference } = await submitProposal(db, lead, { proposalId });
      result.changes.push(`proposal "${p.title}" submitted as ${reference}`);
    } else {
      result.changes.push(`draft proposal "${p.title}"`);
    }
  }
}
