import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deMinimisAid, incentiveApplications, incentiveProgrammes, organisations, users, type ApplicationStatus, type IncentiveProgramme } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { romeDate } from "@/lib/incentives/application-machine";
import { maxAidFor } from "@/lib/incentives/intensity";
import { createApplication, declareDeMinimisAid, moveApplication, recordDisbursement } from "@/lib/incentives/service";
import { demoOrganisation } from "./data";
import { FESR_NAME, NATIONAL_NAME, VOUCHER_NAME } from "./incentives";
import type { SeedResult } from "./seed";

/**
 * The funding desks of the demo firms (issue 11): applications to the catalogue's programmes at
 * every state of the machine (planned, preparing, submitted, under review, granted, rejected,
 * withdrawn, revoked, closed), one grant partly paid with its project ending within 30 days,
 * one whose final report is late, and Elettronica Canavesana's de minimis ledger with aid
 * declared from elsewhere, so its headroom is visibly below €300,000. Everything goes through
 * lib/incentives/service.ts (so each step has its audit entry); dates are relative to the day
 * of the first run. Idempotent: an application is found by its organisation and title, a
 * declared aid by its organisation and description.
 */

type ProgrammeKey = "fesr" | "voucher" | "national";

type DemoApplication = {
  org: string;
  programme: ProgrammeKey;
  title: string;
  /** The eligible cost in cents; the request is 90% of the most the firm could get for it. */
  costCents: number;
  status: ApplicationStatus;
  /** Days from today of the grant (granted, revoked, closed). */
  grantedDaysAgo?: number;
  projectEndsInDays?: number;
  finalReportInDays?: number;
  paidCents?: number;
  reason?: string;
  cup?: string;
  cor?: string;
};

export const DEMO_APPLICATIONS: DemoApplication[] = [
  {
    org: "meccanica-dora",
    programme: "fesr",
    title: "Digitalizzazione del reparto montaggio",
    costCents: 40_000_000,
    status: "granted",
    grantedDaysAgo: 200,
    projectEndsInDays: 20,
    finalReportInDays: 80,
    paidCents: 1_500_000,
    cup: "J17H25000110009",
    cor: "15234871",
  },
  { org: "meccanica-dora", programme: "national", title: "Sensori per la manutenzione predittiva", costCents: 25_000_000, status: "under_review" },
  {
    org: "meccanica-dora",
    programme: "fesr",
    title: "Gestionale della qualità in cloud",
    costCents: 12_000_000,
    status: "revoked",
    grantedDaysAgo: 420,
    projectEndsInDays: -60,
    finalReportInDays: -30,
    cup: "J17H24000090005",
    cor: "14022310",
    reason: "Rinuncia: il progetto è stato ricompreso nella proposta del patto.",
  },
  {
    org: "meccanica-dora",
    programme: "national",
    title: "Rete di fabbrica per la linea 2",
    costCents: 18_000_000,
    status: "closed",
    grantedDaysAgo: 900,
    projectEndsInDays: -500,
    finalReportInDays: -440,
    cup: "J17H23000050001",
    cor: "11893402",
  },
  {
    org: "elettronica-canavesana",
    programme: "voucher",
    title: "Consulenza per l'e-commerce B2B",
    costCents: 4_000_000,
    status: "granted",
    grantedDaysAgo: 300,
    projectEndsInDays: -40,
    finalReportInDays: -5,
    cup: "J19I25000030008",
    cor: "15501277",
  },
  { org: "elettronica-canavesana", programme: "fesr", title: "Linea di collaudo automatizzata", costCents: 30_000_000, status: "submitted" },
  { org: "software-eporedia", programme: "fesr", title: "Piattaforma di assistenza remota", costCents: 20_000_000, status: "planned" },
  { org: "logistica-alto-canavese", programme: "fesr", title: "Tracciamento delle consegne", costCents: 8_000_000, status: "preparing" },
  { org: "logistica-alto-canavese", programme: "national", title: "Magazzino automatico", costCents: 30_000_000, status: "withdrawn", reason: "Investimento rinviato al prossimo anno." },
  {
    org: "caseificio-valle-sacra",
    programme: "voucher",
    title: "Vendita online dei formaggi",
    costCents: 2_000_000,
    status: "rejected",
    reason: "Graduatoria: punteggio sotto la soglia di finanziamento.",
  },
];

/** De minimis aid Elettronica Canavesana received elsewhere: its headroom is visibly below the ceiling. */
export const DEMO_DECLARED_AID = [
  {
    org: "elettronica-canavesana",
    daysAgo: 500,
    authority: "Regione Piemonte",
    description: "Contributo per la partecipazione a fiere internazionali (demo)",
    amountCents: 15_000_000,
    cor: "13877520",
  },
  {
    org: "elettronica-canavesana",
    daysAgo: 800,
    authority: "Camera di commercio di Torino",
    description: "Voucher per la formazione digitale (demo)",
    amountCents: 6_000_000,
    cor: "12765031",
  },
] as const;

/** "YYYY-MM-DD" `days` after `date` (negative: before). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A Rome wall-clock instant, ten in the morning, `days` before today. */
function morningOf(date: string): string {
  return `${date}T10:00`;
}

async function representativeOf(db: Db, orgKey: string): Promise<{ actor: Actor; organisationId: string } | null> {
  const o = demoOrganisation(orgKey);
  const [org] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale));
  const [u] = await db.select().from(users).where(eq(users.email, o.people[0].email));
  if (!org || !u) return null;
  return { organisationId: org.id, actor: { userId: u.id, email: u.email, name: u.name, isPlatformAdmin: u.isPlatformAdmin } };
}

/** The catalogue's programmes this seed applies to (db/seed/incentives.ts), by name. */
async function findProgrammes(db: Db): Promise<Partial<Record<ProgrammeKey, IncentiveProgramme>>> {
  const all = await db.select().from(incentiveProgrammes).where(isNull(incentiveProgrammes.coalitionId));
  const named = (name: string) => all.find((p) => p.name === name);
  return { fesr: named(FESR_NAME), voucher: named(VOUCHER_NAME), national: named(NATIONAL_NAME) };
}

/** The path a status is reached by, from planned. */
const PATH: Record<ApplicationStatus, ApplicationStatus[]> = {
  planned: [],
  preparing: ["preparing"],
  submitted: ["preparing", "submitted"],
  under_review: ["preparing", "submitted", "under_review"],
  granted: ["preparing", "submitted", "under_review", "granted"],
  rejected: ["preparing", "submitted", "under_review", "rejected"],
  withdrawn: ["preparing", "withdrawn"],
  revoked: ["preparing", "submitted", "under_review", "granted", "revoked"],
  closed: ["preparing", "submitted", "under_review", "granted", "closed"],
};

export async function ensureIncentiveApplications(db: Db, result: SeedResult): Promise<void> {
  const programmes = await findProgrammes(db);
  const today = romeDate(now());

  for (const aid of DEMO_DECLARED_AID) {
    const rep = await representativeOf(db, aid.org);
    if (!rep) continue;
    const [existing] = await db
      .select({ id: deMinimisAid.id })
      .from(deMinimisAid)
      .where(and(eq(deMinimisAid.organisationId, rep.organisationId), eq(deMinimisAid.description, aid.description)));
    if (existing) continue;
    await declareDeMinimisAid(db, rep.actor, {
      organisationId: rep.organisationId,
      grantedOn: addDays(today, -aid.daysAgo),
      authority: aid.authority,
      description: aid.description,
      amount: aid.amountCents,
      cor: aid.cor,
    });
    result.changes.push(`de minimis aid declared for ${aid.org}: ${aid.description}`);
  }

  for (const a of DEMO_APPLICATIONS) {
    const programme = programmes[a.programme];
    if (!programme) {
      result.warnings.push(`no ${a.programme} programme in the catalogue: application "${a.title}" not seeded`);
      continue;
    }
    const rep = await representativeOf(db, a.org);
    if (!rep) continue;
    const [existing] = await db
      .select({ id: incentiveApplications.id })
      .from(incentiveApplications)
      .where(and(eq(incentiveApplications.organisationId, rep.organisationId), eq(incentiveApplications.title, a.title)));
    if (existing) continue;
    const [org] = await db.select({ sizeClass: organisations.sizeClass }).from(organisations).where(eq(organisations.id, rep.organisationId));
    const most = maxAidFor(programme, org.sizeClass, a.costCents);
    if (most <= 0) {
      result.warnings.push(`"${programme.name}" is not open to ${a.org}: application "${a.title}" not seeded`);
      continue;
    }
    const requested = Math.floor((most * 9) / 10 / 100) * 100;
    const grantDay = a.grantedDaysAgo !== undefined ? addDays(today, -a.grantedDaysAgo) : null;
    const { id } = await createApplication(db, rep.actor, {
      organisationId: rep.organisationId,
      programmeId: programme.id,
      title: a.title,
      eligibleCost: a.costCents,
      requested,
      plannedGrantDate: grantDay ?? addDays(today, 60),
    });
    let version = 1;
    for (const to of PATH[a.status]) {
      const input: Record<string, unknown> = { applicationId: id, version, to };
      if (to === "submitted") {
        input.protocolNumber = `PROT-${today.slice(0, 4)}-${String(DEMO_APPLICATIONS.indexOf(a) + 101).padStart(4, "0")}`;
        input.submittedAt = morningOf(addDays(grantDay ?? today, -(grantDay ? 90 : 10)));
      }
      if (to === "granted") {
        input.grantedOn = grantDay;
        input.grantedCents = requested;
        input.cup = a.cup;
        input.cor = a.cor;
        input.projectEndsOn = addDays(today, a.projectEndsInDays ?? 365);
        input.finalReportDueOn = addDays(today, a.finalReportInDays ?? 425);
      }
      if (to === "revoked" || to === "rejected" || to === "withdrawn") input.reason = a.reason;
      ({ version } = await moveApplication(db, rep.actor, input));
    }
    if (a.paidCents) {
      await recordDisbursement(db, rep.actor, { applicationId: id, version, amount: Math.min(a.paidCents, requested), receivedOn: addDays(grantDay!, 30) });
    }
    result.changes.push(`incentive application "${a.title}" (${a.status})`);
  }
}
