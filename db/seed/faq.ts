import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callQuestions, calls, coalitions, organisations, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { answerQuestion, askQuestion, publishQuestion } from "@/lib/faq/service";
import { OPEN_CALL_TITLE } from "./calls";
import { DEMO_COALITION, DEMO_SIGN_INS, demoOrganisation } from "./data";
import type { SeedResult } from "./seed";

type DemoQuestion = {
  org: string;
  question: string;
  /** Absent: the question waits on the promoter's desk. */
  published?: { publicQuestion: string; answer: string };
};

/** The open call's FAQ: two published entries and one question waiting for an answer. */
export const DEMO_QUESTIONS: DemoQuestion[] = [
  {
    org: "elettronica-canavesana",
    question:
      "Siamo Elettronica Canavesana: il canone annuale dell'ERP in cloud che useremmo con i partner è una spesa ammissibile, o solo l'acquisto della licenza?",
    published: {
      publicQuestion: "Il canone annuale di un software in cloud (SaaS) usato dal partenariato è una spesa ammissibile, o solo l'acquisto della licenza?",
      answer:
        "Sì: i canoni di software in cloud sono ammissibili nella voce «software» per la durata del progetto, come l'acquisto di licenze. Non sono ammissibili i canoni oltre la fine del progetto.",
    },
  },
  {
    org: "caseificio-valle-sacra",
    question: "Il nostro caseificio è una ditta individuale: può essere partner di una proposta guidata da un'impresa di un altro settore?",
    published: {
      publicQuestion: "Un'impresa individuale può essere partner di una proposta il cui capofila opera in un altro settore?",
      answer:
        "Sì. Il bando chiede che il capofila sia un'impresa e che il partenariato comprenda un'università o un centro di ricerca; non pone limiti alla forma giuridica né al settore dei partner, purché facciano parte della coalizione.",
    },
  },
  {
    org: "logistica-alto-canavese",
    question: "I mezzi elettrici per le consegne dell'ultimo miglio rientrano nelle spese per attrezzature?",
  },
];

const actorOf = (u: { id: string; email: string; name: string; isPlatformAdmin: boolean }): Actor => ({
  userId: u.id,
  email: u.email,
  name: u.name,
  isPlatformAdmin: u.isPlatformAdmin,
});

async function userActor(db: Db, email: string): Promise<Actor | null> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u ? actorOf(u) : null;
}

/**
 * Asks, answers and publishes the demo questions through the real services (so each has
 * its audit entries), in order, so the published ones are FAQ 1 and 2. Idempotent by the
 * question's words. A call no longer taking questions (a seed run long after the first)
 * is left as it is, with a warning.
 */
export async function ensureFaq(db: Db, result: SeedResult): Promise<void> {
  const [call] = await db
    .select({ id: calls.id })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, OPEN_CALL_TITLE)));
  if (!call) return;
  const promoter = await userActor(db, DEMO_SIGN_INS.promoter);
  if (!promoter) return;

  for (const q of DEMO_QUESTIONS) {
    const [existing] = await db
      .select({ id: callQuestions.id, publishedAt: callQuestions.publishedAt })
      .from(callQuestions)
      .where(and(eq(callQuestions.callId, call.id), eq(callQuestions.question, q.question)));
    let questionId = existing?.id;
    if (!questionId) {
      const org = demoOrganisation(q.org);
      const asker = await userActor(db, org.people[0].email);
      if (!asker) continue;
      const organisationId = await organisationIdOf(db, org.partitaIva, org.codiceFiscale);
      if (!organisationId) continue;
      try {
        ({ questionId } = await askQuestion(db, asker, { callId: call.id, organisationId, question: q.question }));
        result.changes.push(`question from ${org.legalName} on "${OPEN_CALL_TITLE}"`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result.warnings.push(`question from ${org.legalName} not asked: ${error.messageKey}`);
        continue;
      }
    }
    if (q.published && !existing?.publishedAt) {
      await answerQuestion(db, promoter, { questionId, ...q.published });
      const { number } = await publishQuestion(db, promoter, { questionId });
      result.changes.push(`FAQ ${number} published on "${OPEN_CALL_TITLE}"`);
    }
  }
}

async function organisationIdOf(db: Db, partitaIva: string, codiceFiscale: string): Promise<string | null> {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(partitaIva ? eq(organisations.partitaIva, partitaIva) : eq(organisations.codiceFiscale, codiceFiscale));
  return row?.id ?? null;
}
