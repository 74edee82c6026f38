import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions } from "@/db/schema";
import { record } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { createCall, publishCall } from "@/lib/calls/service";
import { now } from "@/lib/clock";
import { romeLocalToUtc, utcToRomeLocal } from "@/lib/time";
import type { SeedResult } from "./seed";

const DAY = 24 * 60 * 60 * 1000;

export const OPEN_CALL_TITLE = "Piattaforme digitali condivise per il distretto";
export const PAST_CALL_TITLE = "Competenze digitali 2025";

/** The Rome date `days` from now, at a given Rome wall-clock time: "2026-12-15T18:00". */
function romeDay(days: number, time: string): string {
  return `${utcToRomeLocal(new Date(now().getTime() + days * DAY)).slice(0, 10)}T${time}`;
}

const OPEN_CALL_DESCRIPTION = `Il patto finanzia **piattaforme digitali condivise** tra le imprese del distretto:
gestionali comuni, marketplace B2B, logistica e tracciabilità di filiera.

## Che cosa si finanzia
- adozione condivisa di un ERP o di moduli comuni tra più imprese;
- un marketplace del distretto per fornitori e clienti;
- logistica dell'ultimo miglio e tracciabilità dei lotti.

## Come partecipare
Il capofila è un'impresa; il partenariato comprende almeno un'università o un centro di ricerca.
Le proposte ammissibili vengono votate dai membri della coalizione con voto di approvazione.`;

async function findCall(db: Db, coalitionId: string, title: string) {
  const [row] = await db
    .select({ id: calls.id })
    .from(calls)
    .where(and(eq(calls.coalitionId, coalitionId), eq(calls.title, title)));
  return row;
}

/**
 * The demo coalition's calls: one open now (submission opened three weeks ago and closes
 * in three, times relative to this run's clock) and one from 2025 with results published.
 * Idempotent by coalition and title.
 */
export async function ensureCalls(db: Db, coalitionSlug: string, promoter: Actor, result: SeedResult): Promise<void> {
  const [coalition] = await db.select().from(coalitions).where(eq(coalitions.slug, coalitionSlug));
  if (!coalition) throw new Error(`No coalition ${coalitionSlug} to add calls to`);

  if (!(await findCall(db, coalition.id, OPEN_CALL_TITLE))) {
    const { callId } = await createCall(db, promoter, {
      coalitionId: coalition.id,
      title: OPEN_CALL_TITLE,
      description: OPEN_CALL_DESCRIPTION,
      themes: ["erp", "marketplace", "logistics", "traceability"],
      sectors: ["industry", "agrifood", "services"],
      budget: "1.200.000",
      maxRequest: "400.000",
      minCofinancing: "30",
      minPartners: "3",
      maxPartners: "8",
      requiredPartnerKinds: ["university", "research_centre"],
      leadKinds: ["firm"],
      sizeClasses: [],
      submissionOpensAt: romeDay(-21, "09:00"),
      submissionClosesAt: romeDay(21, "18:00"),
      votingOpensAt: romeDay(28, "09:00"),
      votingClosesAt: romeDay(42, "18:00"),
      votingMethod: "approval",
      quorum: "50",
      ballotsPublic: false,
      protocolThemes: ["erp", "marketplace", "logistica"],
    });
    await publishCall(db, promoter, { callId });
    result.changes.push(`open call "${OPEN_CALL_TITLE}"`);
  }

  if (!(await findCall(db, coalition.id, PAST_CALL_TITLE))) {
    // A call from before Tavolo kept its history elsewhere: written directly, already in results.
    await db.transaction(async (tx) => {
      const values = {
        coalitionId: coalition.id,
        title: PAST_CALL_TITLE,
        description: "Formazione sulle competenze digitali per il personale delle imprese e degli enti del Canavese.",
        themes: ["training", "cybersecurity"],
        protocolThemes: ["competenze", "sicurezza-cloud"],
        sectors: ["industry", "services", "tourism"],
        budgetCents: 30_000_000,
        maxRequestCents: 15_000_000,
        minCofinancingBp: 2000,
        minPartners: 2,
        maxPartners: 6,
        requiredPartnerKinds: [],
        leadKinds: [],
        sizeClasses: [],
        submissionOpensAt: romeLocalToUtc("2025-03-03T09:00"),
        submissionClosesAt: romeLocalToUtc("2025-04-30T18:00"),
        votingOpensAt: romeLocalToUtc("2025-05-12T09:00"),
        votingClosesAt: romeLocalToUtc("2025-05-26T18:00"),
        votingMethod: "score" as const,
        quorumBp: 5000,
        ballotsPublic: true,
        status: "results" as const,
        publishedAt: romeLocalToUtc("2025-02-20T12:00"),
        resultsPublishedAt: romeLocalToUtc("2025-06-05T12:00"),
        createdBy: promoter.userId,
      };
      const [call] = await tx.insert(calls).values(values).returning({ id: calls.id });
      await record(tx, {
        actorUserId: promoter.userId,
        organisationId: coalition.promoterOrganisationId,
        action: "call.created",
        entityType: "call",
        entityId: call.id,
        data: { coalitionId: coalition.id, title: values.title, status: values.status, imported: true },
      });
    });
    result.changes.push(`past call "${PAST_CALL_TITLE}" (results published)`);
  }
}
