import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coalitionMembers, coalitionProtocolVersions, coalitions, organisationMembers, organisations, protocolAdhesions, users, type ProtocolTheme } from "@/db/schema";
import { record } from "@/lib/audit";
import { protocolTextSha256 } from "@/lib/protocol/canonical";
import { romeLocalToUtc } from "@/lib/time";
import { DEMO_COALITION, DEMO_ORGANISATIONS } from "./data";
import type { SeedResult } from "./seed";

/** The protocol's priority themes: keys the calls name (db/seed/calls.ts). */
export const PROTOCOL_THEMES_V1: ProtocolTheme[] = [
  { key: "erp", label: "Piattaforme gestionali condivise (ERP)", description: "Gestionali comuni o moduli condivisi tra più imprese del distretto." },
  { key: "marketplace", label: "Marketplace e commercio digitale", description: "Un mercato B2B del distretto per fornitori e clienti, e la vendita online." },
  { key: "logistica", label: "Logistica e tracciabilità di filiera", description: "Consegne condivise, tracciabilità dei lotti dal produttore al cliente." },
  { key: "competenze", label: "Competenze digitali", description: "Formazione del personale di imprese ed enti." },
  { key: "sicurezza-cloud", label: "Sicurezza informatica e cloud", description: "Protezione dei dati e servizi in cloud per le piccole imprese." },
];

export const PROTOCOL_THEMES_V2: ProtocolTheme[] = [
  ...PROTOCOL_THEMES_V1,
  { key: "turismo-agroalimentare", label: "Turismo e agroalimentare digitali", description: "Prenotazioni, vendita diretta e promozione dei prodotti e dei luoghi del Canavese." },
];

const territory = "Ivrea, Banchette, Pavone Canavese, Romano Canavese, Strambino, Cuorgnè, Castellamonte, Rivarolo Canavese, Caluso e Chivasso";

const body = (financing: string) => `## Premesse
Il Canavese è cresciuto attorno a una grande industria di macchine per ufficio e di elettronica. Dopo il suo declino sono rimaste molte piccole imprese meccaniche, elettroniche e del software: competenti, ma troppo piccole per permettersi da sole un gestionale, un marketplace o una piattaforma logistica.

## Obiettivi
1. Dotare le imprese del distretto di **piattaforme digitali condivise**, pagate e governate insieme.
2. Mettere in rete imprese, enti, università e centri di ricerca attorno a progetti comuni.
3. Formare le persone che useranno le nuove piattaforme.
4. Scegliere i progetti da finanziare con bandi aperti e voto trasparente dei membri del patto.

## Territorio
Il patto opera nei comuni di ${territory}.

## Impegni delle parti
- La **Città metropolitana di Torino**, soggetto responsabile, promuove il patto, pubblica i bandi e rendiconta le risorse.
- I **comuni** mettono a disposizione spazi e dati e coinvolgono le imprese del proprio territorio.
- La **camera di commercio** e l'**associazione degli industriali** informano le imprese e ne raccolgono i bisogni.
- L'**università** e la **fondazione per la ricerca** partecipano ai progetti come partner tecnico-scientifici.
- Le **imprese** propongono progetti, li cofinanziano e ne condividono i risultati.

## Fabbisogno finanziario
${financing}

## Durata
Il protocollo vale fino al 31 dicembre 2027 e si rinnova con una nuova versione approvata dai membri.`;

const FINANCING_V1 = `Per il triennio 2025–2027 il fabbisogno stimato è di **4,5 milioni di euro**: 3 milioni per le piattaforme condivise, 1 milione per logistica e tracciabilità, 0,5 milioni per le competenze digitali. Le imprese cofinanziano almeno il 20% di ogni progetto.`;

const FINANCING_V2 = `Per il triennio 2025–2027 il fabbisogno stimato è di **6 milioni di euro**: 3,5 milioni per le piattaforme condivise, 1,2 milioni per logistica e tracciabilità, 0,6 milioni per le competenze digitali e la sicurezza informatica, 0,7 milioni per turismo e agroalimentare digitali. Le imprese cofinanziano almeno il 20% di ogni progetto (30% per i progetti sopra i 300.000 euro).`;

type DemoVersion = { version: number; title: string; body: string; themes: ProtocolTheme[]; amendmentNote: string | null; createdAt: string; publishedAt: string; adhesionsFrom: string };

export const DEMO_PROTOCOL: DemoVersion[] = [
  {
    version: 1,
    title: "Protocollo d'intesa per l'innovazione digitale del Canavese",
    body: body(FINANCING_V1),
    themes: PROTOCOL_THEMES_V1,
    amendmentNote: null,
    createdAt: "2024-10-21T10:00",
    publishedAt: "2024-11-15T11:00",
    adhesionsFrom: "2024-11-18T09:30",
  },
  {
    version: 2,
    title: "Protocollo d'intesa per l'innovazione digitale del Canavese",
    body: body(FINANCING_V2),
    themes: PROTOCOL_THEMES_V2,
    amendmentNote:
      "Aggiunto il tema «Turismo e agroalimentare digitali», chiesto dal caseificio e dall'albergo; fabbisogno finanziario aggiornato da 4,5 a 6 milioni di euro dopo il primo bando; cofinanziamento al 30% per i progetti sopra i 300.000 euro.",
    createdAt: "2025-09-01T10:00",
    publishedAt: "2025-09-22T11:00",
    adhesionsFrom: "2025-09-24T09:30",
  },
];

/** The Rome instant `minutes` after a Rome wall-clock time. */
const later = (rome: string, minutes: number) => new Date(romeLocalToUtc(rome).getTime() + minutes * 60_000);

async function firstRepresentative(tx: Tx, organisationId: string, email: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: users.id })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(users.email, email)));
  return row?.id ?? null;
}

/**
 * The demo coalition's protocol of understanding: version 1 (November 2024) and version 2
 * amending it (September 2025), each adhered to by every member organisation a few days
 * after publication, by its first person (its admin). History from before Tavolo: written
 * directly with its dates, in one transaction, each row with its audit entry (imported).
 * Idempotent by version number and by (version, organisation).
 */
export async function ensureProtocol(db: Db, result: SeedResult): Promise<void> {
  await db.transaction(async (tx) => {
    const [coalition] = await tx.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug)).for("update");
    if (!coalition) throw new Error(`No coalition ${DEMO_COALITION.slug} for the protocol`);
    const promoter = DEMO_ORGANISATIONS.find((o) => o.key === DEMO_COALITION.promoterKey)!;
    const promoterUserId = await firstRepresentative(tx, coalition.promoterOrganisationId, promoter.people[0].email);
    if (!promoterUserId) {
      result.warnings.push(`${promoter.people[0].email} no longer belongs to the promoter: protocol not seeded`);
      return;
    }
    const members = await tx
      .select({ organisationId: coalitionMembers.organisationId, legalName: organisations.legalName })
      .from(coalitionMembers)
      .innerJoin(organisations, eq(organisations.id, coalitionMembers.organisationId))
      .where(eq(coalitionMembers.coalitionId, coalition.id));

    for (const v of DEMO_PROTOCOL) {
      let [row] = await tx
        .select()
        .from(coalitionProtocolVersions)
        .where(and(eq(coalitionProtocolVersions.coalitionId, coalition.id), eq(coalitionProtocolVersions.version, v.version)));
      if (!row) {
        const textSha256 = protocolTextSha256(v);
        const publishedAt = romeLocalToUtc(v.publishedAt);
        [row] = await tx
          .insert(coalitionProtocolVersions)
          .values({
            coalitionId: coalition.id,
            version: v.version,
            title: v.title,
            body: v.body,
            themes: v.themes,
            amendmentNote: v.amendmentNote,
            textSha256,
            createdBy: promoterUserId,
            createdAt: romeLocalToUtc(v.createdAt),
            updatedAt: publishedAt,
            publishedAt,
            publishedBy: promoterUserId,
          })
          .returning();
        await record(tx, {
          actorUserId: promoterUserId,
          organisationId: coalition.promoterOrganisationId,
          action: "protocol.published",
          entityType: "protocol_version",
          entityId: row.id,
          data: { coalitionId: coalition.id, version: v.version, textSha256, themes: v.themes.map((t) => t.key), amendmentNote: v.amendmentNote, publishedAt: publishedAt.toISOString(), imported: true },
        });
        result.changes.push(`protocol version ${v.version} of ${DEMO_COALITION.slug}`);
      }
      if (!row.publishedAt || !row.textSha256) continue;

      const demoMembers = DEMO_ORGANISATIONS.filter((o) => o.coalition);
      for (const [i, m] of members.entries()) {
        const demo = demoMembers.find((o) => o.legalName === m.legalName);
        if (!demo) continue;
        const userId = await firstRepresentative(tx, m.organisationId, demo.people[0].email);
        if (!userId) continue;
        const adheredAt = later(v.adhesionsFrom, i * 97);
        const [adhesion] = await tx
          .insert(protocolAdhesions)
          .values({ protocolVersionId: row.id, coalitionId: coalition.id, organisationId: m.organisationId, adheredBy: userId, adheredAt, textSha256: row.textSha256 })
          .onConflictDoNothing()
          .returning({ id: protocolAdhesions.id });
        if (!adhesion) continue;
        await record(tx, {
          actorUserId: userId,
          organisationId: m.organisationId,
          action: "protocol.adhered",
          entityType: "protocol_adhesion",
          entityId: adhesion.id,
          data: { coalitionId: coalition.id, versionId: row.id, version: v.version, textSha256: row.textSha256, adheredAt: adheredAt.toISOString(), imported: true },
        });
        result.changes.push(`${m.legalName} adhered to protocol version ${v.version}`);
      }
    }
  });
}
