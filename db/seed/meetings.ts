import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calls, coalitionMembers, coalitions, meetingAgendaItems, meetingInvitees, meetingMinutes, meetings, minutesComments, organisations, users } from "@/db/schema";
import { record } from "@/lib/audit";
import { now } from "@/lib/clock";
import { minutesSha256 } from "@/lib/meetings/policy";
import { romeLocalToUtc, utcToRomeLocal } from "@/lib/time";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "./calls";
import { DEMO_COALITION, demoOrganisation } from "./data";
import type { SeedResult } from "./seed";

const DAY = 24 * 60 * 60 * 1000;
const romeDay = (days: number, time: string) => romeLocalToUtc(`${utcToRomeLocal(new Date(now().getTime() + days * DAY)).slice(0, 10)}T${time}`);

type Decision = { kind: "call_published" | "results_approved" | "protocol_amended" | "other" | null; call?: string };
type DemoItem = { title: string; description: string; decision: string } & Decision;

export type DemoMeeting = {
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  onlineUrl: string | null;
  convenedAt: string;
  /** Organisations (demo keys) that answered, and how; those not listed did not answer. */
  answers: Record<string, "attending" | "not_attending">;
  /** Those recorded as present. */
  attended: string[];
  summary: string;
  items: DemoItem[];
  circulatedAt: string;
  commentDays: number;
  approvedAt: string;
  comment: { org: string; body: string; answer: string; at: string; answeredAt: string };
};

export const FIRST_MEETING_TITLE = "Seduta del tavolo di febbraio 2025";
export const SECOND_MEETING_TITLE = "Seduta del tavolo di giugno 2025";
export const UPCOMING_MEETING_TITLE = "Seduta del tavolo: avvio dei progetti finanziati";

export const DEMO_MEETINGS: DemoMeeting[] = [
  {
    title: FIRST_MEETING_TITLE,
    startsAt: "2025-02-11T17:00",
    endsAt: "2025-02-11T19:00",
    location: "Sala consiliare del Comune di Ivrea, Piazza Vittorio Emanuele 1, Ivrea",
    onlineUrl: null,
    convenedAt: "2025-01-28T10:00",
    answers: { cmto: "attending", ivrea: "attending", cuorgne: "attending", cciaa: "attending", industriali: "attending", universita: "attending", fondazione: "not_attending", "meccanica-dora": "attending", "software-eporedia": "attending", "albergo-castello": "not_attending" },
    attended: ["cmto", "ivrea", "cuorgne", "cciaa", "industriali", "universita", "meccanica-dora", "software-eporedia", "elettronica-canavesana"],
    summary: [
      "La seduta si apre alle 17:05 nella sala consiliare del Comune di Ivrea. Presiede la Città metropolitana di Torino, promotrice del patto; sono presenti nove organizzazioni su tredici.",
      "Il tavolo esamina le regole di funzionamento delle sedute e la bozza del primo bando del patto, dedicato alle competenze digitali del personale di imprese ed enti.",
      "Dopo la discussione, le decisioni sono prese all'unanimità dei presenti. La seduta si chiude alle 18:50.",
    ].join("\n\n"),
    items: [
      {
        title: "Regole di funzionamento del tavolo",
        description: "Convocazione almeno dieci giorni prima, verbale in consultazione per sette giorni, sedute anche online.",
        decision: "Il tavolo approva le regole di funzionamento proposte dal promotore.",
        kind: "other",
      },
      {
        title: "Bando «Competenze digitali 2025»",
        description: "Bozza del bando: 300.000 € per la formazione sulle competenze digitali, proposte dal 3 marzo al 30 aprile 2025.",
        decision: "Il tavolo approva il testo del bando e ne dispone la pubblicazione entro il 20 febbraio 2025, con votazione a punteggio e quorum del 50%.",
        kind: "call_published",
        call: PAST_CALL_TITLE,
      },
      { title: "Varie ed eventuali", description: "", decision: "Nessuna decisione.", kind: null },
    ],
    circulatedAt: "2025-02-13T12:00",
    commentDays: 7,
    approvedAt: "2025-02-21T09:30",
    comment: {
      org: "cciaa",
      body: "Al punto 2 si chiede di indicare che le domande si presentano esclusivamente attraverso Tavolo.",
      answer: "Accolto: la decisione sul punto 2 richiama il bando, che prevede la sola presentazione su Tavolo; il testo del bando pubblicato lo dice espressamente.",
      at: "2025-02-15T16:20",
      answeredAt: "2025-02-17T10:00",
    },
  },
  {
    title: SECOND_MEETING_TITLE,
    startsAt: "2025-06-04T15:00",
    endsAt: "2025-06-04T17:30",
    location: "Camera di commercio di Torino, sede di Ivrea, Via Jervis 22, Ivrea",
    onlineUrl: null,
    convenedAt: "2025-05-20T11:00",
    answers: { cmto: "attending", ivrea: "attending", cuorgne: "not_attending", cciaa: "attending", industriali: "attending", universita: "attending", fondazione: "attending", "meccanica-dora": "attending", "elettronica-canavesana": "attending", "software-eporedia": "attending", "logistica-alto-canavese": "attending" },
    attended: ["cmto", "ivrea", "cciaa", "industriali", "universita", "fondazione", "meccanica-dora", "elettronica-canavesana", "software-eporedia", "logistica-alto-canavese"],
    summary: [
      "La seduta si apre alle 15:10 presso la sede di Ivrea della Camera di commercio. Sono presenti dieci organizzazioni su tredici.",
      "Il promotore illustra l'esito della votazione del bando «Competenze digitali 2025», chiusa il 26 maggio con il quorum raggiunto, e la graduatoria calcolata da Tavolo. Il tavolo discute poi il secondo bando del patto, sulle piattaforme digitali condivise tra le imprese del distretto, e la modifica del protocollo d'intesa chiesta dal caseificio e dall'albergo.",
      "Le decisioni sono prese all'unanimità dei presenti. La seduta si chiude alle 17:20.",
    ].join("\n\n"),
    items: [
      {
        title: "Risultati del bando «Competenze digitali 2025»",
        description: "Esito della votazione e graduatoria.",
        decision: "Il tavolo approva la graduatoria del bando e ne dispone la pubblicazione; i contributi sono concessi alle proposte finanziate nell'ordine della graduatoria.",
        kind: "results_approved",
        call: PAST_CALL_TITLE,
      },
      {
        title: "Bando «Piattaforme digitali condivise per il distretto»",
        description: "Gestionali comuni, marketplace B2B, logistica e tracciabilità di filiera.",
        decision: "Il tavolo approva le linee del bando e incarica il promotore di pubblicarlo con le regole discusse in seduta.",
        kind: "call_published",
        call: OPEN_CALL_TITLE,
      },
      {
        title: "Modifica del protocollo d'intesa",
        description: "Nuovo tema «Turismo e agroalimentare digitali»; fabbisogno finanziario dopo il primo bando; cofinanziamento dei progetti maggiori.",
        decision:
          "Il tavolo approva la modifica (nuovo tema «Turismo e agroalimentare digitali», fabbisogno aggiornato a 6 milioni di euro, cofinanziamento al 30% per i progetti sopra i 300.000 euro) e incarica il promotore di pubblicare la versione 2 del protocollo dopo la pausa estiva; i membri vi aderiranno di nuovo.",
        kind: "protocol_amended",
      },
    ],
    circulatedAt: "2025-06-06T12:00",
    commentDays: 7,
    approvedAt: "2025-06-16T09:00",
    comment: {
      org: "universita",
      body: "Al punto 2 proponiamo di ricordare che le università possono partecipare come partner dei progetti.",
      answer: "Accolto: il resoconto riporta la proposta e il bando la prevede tra i tipi di partner ammessi.",
      at: "2025-06-09T11:45",
      answeredAt: "2025-06-10T09:15",
    },
  },
];

type Ctx = { tx: Tx; coalitionId: string; promoterOrgId: string; promoterUserId: string; org: (key: string) => Promise<string>; admin: (key: string) => Promise<string> };

async function lookupIds(tx: Tx) {
  const cache = new Map<string, string>();
  const org = async (key: string) => {
    if (!cache.has(`o:${key}`)) {
      const o = demoOrganisation(key);
      const [row] = await tx.select({ id: organisations.id }).from(organisations).where(o.partitaIva ? eq(organisations.partitaIva, o.partitaIva) : eq(organisations.codiceFiscale, o.codiceFiscale));
      cache.set(`o:${key}`, row.id);
    }
    return cache.get(`o:${key}`)!;
  };
  const admin = async (key: string) => {
    if (!cache.has(`a:${key}`)) {
      const [row] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${demoOrganisation(key).people[0].email.toLowerCase()}`);
      cache.set(`a:${key}`, row.id);
    }
    return cache.get(`a:${key}`)!;
  };
  return { org, admin };
}

async function insertApprovedMeeting(ctx: Ctx, m: DemoMeeting): Promise<void> {
  const { tx } = ctx;
  const at = (local: string) => romeLocalToUtc(local);
  const [meeting] = await tx
    .insert(meetings)
    .values({ coalitionId: ctx.coalitionId, title: m.title, startsAt: at(m.startsAt), endsAt: at(m.endsAt), location: m.location, onlineUrl: m.onlineUrl, convenedBy: ctx.promoterUserId, convenedAt: at(m.convenedAt), attendanceRecordedAt: at(m.endsAt) })
    .returning();
  const callIds = new Map<string, string>();
  for (const title of m.items.map((i) => i.call).filter((c): c is string => Boolean(c))) {
    const [call] = await tx.select({ id: calls.id }).from(calls).where(and(eq(calls.coalitionId, ctx.coalitionId), eq(calls.title, title)));
    if (!call) throw new Error(`No call "${title}" for the demo meetings`);
    callIds.set(title, call.id);
  }
  const items = m.items.map((i, n) => ({ meetingId: meeting.id, position: n + 1, title: i.title, description: i.description, decision: i.decision, decisionKind: i.kind, decisionCallId: i.call ? callIds.get(i.call)! : null }));
  await tx.insert(meetingAgendaItems).values(items);
  const members = await tx.select({ organisationId: coalitionMembers.organisationId }).from(coalitionMembers).where(eq(coalitionMembers.coalitionId, ctx.coalitionId));
  // One query at a time: a transaction is one connection.
  const attendedIds = new Set<string>();
  for (const key of m.attended) attendedIds.add(await ctx.org(key));
  const answers = new Map<string, { answer: "attending" | "not_attending"; by: string }>();
  for (const [key, answer] of Object.entries(m.answers)) answers.set(await ctx.org(key), { answer, by: await ctx.admin(key) });
  await tx.insert(meetingInvitees).values(
    members.map(({ organisationId }) => {
      const a = answers.get(organisationId);
      return { meetingId: meeting.id, organisationId, answer: a?.answer ?? null, answeredBy: a?.by ?? null, answeredAt: a ? at(m.convenedAt) : null, attended: attendedIds.has(organisationId) };
    }),
  );
  const summaryOf = { summary: m.summary };
  const circulatedAt = at(m.circulatedAt);
  const textSha256 = minutesSha256({
    meetingId: meeting.id,
    coalitionId: ctx.coalitionId,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    location: meeting.location,
    attended: [...attendedIds].filter((id) => members.some((mm) => mm.organisationId === id)),
    summary: m.summary,
    items,
  });
  await tx.insert(meetingMinutes).values({
    meetingId: meeting.id,
    status: "approved",
    ...summaryOf,
    draftedBy: ctx.promoterUserId,
    updatedAt: at(m.approvedAt),
    circulatedAt,
    commentsCloseAt: new Date(circulatedAt.getTime() + m.commentDays * DAY),
    approvedAt: at(m.approvedAt),
    approvedBy: ctx.promoterUserId,
    textSha256,
  });
  const commentOrg = await ctx.org(m.comment.org);
  const [comment] = await tx
    .insert(minutesComments)
    .values({ meetingId: meeting.id, organisationId: commentOrg, authorId: await ctx.admin(m.comment.org), body: m.comment.body, createdAt: at(m.comment.at), answer: m.comment.answer, answeredBy: ctx.promoterUserId, answeredAt: at(m.comment.answeredAt) })
    .returning({ id: minutesComments.id });
  const promoter = { actorUserId: ctx.promoterUserId, organisationId: ctx.promoterOrgId };
  const entity = { entityType: "meeting", entityId: meeting.id };
  await record(tx, { ...promoter, ...entity, action: "meeting.convened", data: { coalitionId: ctx.coalitionId, title: m.title, startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString(), invited: members.length, imported: true } });
  for (const [organisationId, a] of answers) await record(tx, { actorUserId: a.by, organisationId, ...entity, action: "meeting.attendance_answered", data: { answer: a.answer, imported: true } });
  await record(tx, { ...promoter, ...entity, action: "meeting.attendance_recorded", data: { attended: [...attendedIds].sort(), invited: members.length, imported: true } });
  await record(tx, { ...promoter, ...entity, action: "meeting.minutes_saved", data: { status: "draft", imported: true } });
  await record(tx, { ...promoter, ...entity, action: "meeting.minutes_circulated", data: { days: m.commentDays, imported: true } });
  await record(tx, { actorUserId: await ctx.admin(m.comment.org), organisationId: commentOrg, entityType: "minutes_comment", entityId: comment.id, action: "meeting.minutes_commented", data: { meetingId: meeting.id, imported: true } });
  await record(tx, { ...promoter, entityType: "minutes_comment", entityId: comment.id, action: "meeting.minutes_comment_answered", data: { meetingId: meeting.id, imported: true } });
  await record(tx, { ...promoter, ...entity, action: "meeting.minutes_approved", data: { coalitionId: ctx.coalitionId, textSha256, imported: true } });
}

async function insertUpcomingMeeting(ctx: Ctx): Promise<void> {
  const { tx } = ctx;
  const [meeting] = await tx
    .insert(meetings)
    .values({
      coalitionId: ctx.coalitionId,
      title: UPCOMING_MEETING_TITLE,
      startsAt: romeDay(12, "17:00"),
      endsAt: romeDay(12, "19:00"),
      location: "Sala consiliare del Comune di Ivrea, Piazza Vittorio Emanuele 1, Ivrea",
      onlineUrl: "https://videoconferenza.cittametropolitana.torino.it/tavolo-canavese",
      convenedBy: ctx.promoterUserId,
      convenedAt: romeDay(-3, "10:00"),
    })
    .returning();
  await tx.insert(meetingAgendaItems).values([
    { meetingId: meeting.id, position: 1, title: "Avvio dei progetti finanziati dal bando «Competenze digitali 2025»", description: "Stato delle concessioni, calendario delle prime rendicontazioni." },
    { meetingId: meeting.id, position: 2, title: "Votazione del bando «Sicurezza informatica condivisa»", description: "Andamento della partecipazione al voto." },
    { meetingId: meeting.id, position: 3, title: "Varie ed eventuali", description: "" },
  ]);
  const members = await tx.select({ organisationId: coalitionMembers.organisationId }).from(coalitionMembers).where(eq(coalitionMembers.coalitionId, ctx.coalitionId));
  const answered = new Map<string, { answer: "attending" | "not_attending"; by: string }>();
  for (const [key, answer] of [["cmto", "attending"], ["ivrea", "attending"], ["universita", "attending"], ["cciaa", "not_attending"]] as const) answered.set(await ctx.org(key), { answer, by: await ctx.admin(key) });
  await tx.insert(meetingInvitees).values(
    members.map(({ organisationId }) => {
      const a = answered.get(organisationId);
      return { meetingId: meeting.id, organisationId, answer: a?.answer ?? null, answeredBy: a?.by ?? null, answeredAt: a ? romeDay(-2, "09:00") : null };
    }),
  );
  await record(tx, { actorUserId: ctx.promoterUserId, organisationId: ctx.promoterOrgId, entityType: "meeting", entityId: meeting.id, action: "meeting.convened", data: { coalitionId: ctx.coalitionId, title: UPCOMING_MEETING_TITLE, startsAt: meeting.startsAt.toISOString(), invited: members.length, imported: true } });
  for (const [organisationId, a] of answered) await record(tx, { actorUserId: a.by, organisationId, entityType: "meeting", entityId: meeting.id, action: "meeting.attendance_answered", data: { answer: a.answer, imported: true } });
}

/**
 * The meetings chapter: two past meetings of the Canavese table with approved minutes (the
 * first amends the protocol and decides the 2025 call, the second approves its results and
 * decides the open call), each with answers, attendance, a member's comment and the answer;
 * and a meeting convened for the coming weeks. Written directly with their past dates (the
 * services cannot act in the past), one transaction each with its audit entries; idempotent
 * by title.
 */
export async function ensureMeetings(db: Db, result: SeedResult): Promise<void> {
  const [coalition] = await db.select().from(coalitions).where(eq(coalitions.slug, DEMO_COALITION.slug));
  if (!coalition) throw new Error(`No coalition ${DEMO_COALITION.slug} for the meetings demo`);
  const exists = async (title: string) => (await db.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.coalitionId, coalition.id), eq(meetings.title, title)))).length > 0;
  const inTx = (fn: (ctx: Ctx) => Promise<void>) =>
    db.transaction(async (tx) => {
      const { org, admin } = await lookupIds(tx);
      await fn({ tx, coalitionId: coalition.id, promoterOrgId: coalition.promoterOrganisationId, promoterUserId: await admin(DEMO_COALITION.promoterKey), org, admin });
    });
  for (const m of DEMO_MEETINGS) {
    if (await exists(m.title)) continue;
    await inTx((ctx) => insertApprovedMeeting(ctx, m));
    result.changes.push(`meeting "${m.title}" with approved minutes`);
  }
  if (!(await exists(UPCOMING_MEETING_TITLE))) {
    await inTx(insertUpcomingMeeting);
    result.changes.push(`meeting "${UPCOMING_MEETING_TITLE}" convened`);
  }
}
