import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { Markdown } from "@/components/markdown";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { meetingTimes } from "@/lib/meetings/format";
import { getMeetingView, type MeetingView } from "@/lib/meetings/queries";
import { formatRome, formatRomeIn } from "@/lib/time";
import { AnswerForm } from "./_components/answer-form";
import { CancelMeetingForm } from "./_components/cancel-form";
import { AnswerCommentForm, CommentForm } from "./_components/comments";
import { MinutesEditor } from "./_components/minutes-editor";
import { RecordAttendanceForm } from "./_components/record-attendance-form";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; meetingId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, meetingId } = await params;
  const view = await getMeetingView(await getDb(), null, slug, meetingId);
  return { title: view ? `${view.title} · ${view.coalition.name}` : "404" };
}

/**
 * One meeting: date and time in Rome, place, agenda, attendance counts, approved minutes
 * (public); for the invited organisations' people the online link, the answer form and the
 * circulated draft with its comments; for the promoter attendance, minutes and approval.
 */
export default async function MeetingPage({ params }: Props) {
  const { slug, meetingId } = await params;
  const db = await getDb();
  const viewer = await getCurrentActor();
  const view = await getMeetingView(db, viewer, slug, meetingId);
  if (!view) notFound();
  const t = await getTranslations("meetings");
  const tc = await getTranslations("coalitions");
  const locale = await getLocale();
  const at = now();
  const started = view.startsAt.getTime() <= at.getTime();
  const ended = view.endsAt.getTime() <= at.getTime();
  const times = meetingTimes(view.startsAt, view.endsAt, locale);
  const status = view.cancelledAt ? "cancelled" : (view.minutesStatus ?? (ended ? "ended" : "upcoming"));
  const base = `/coalitions/${view.coalition.slug}/meetings`;

  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/coalitions", label: tc("listTitle") },
          { href: `/coalitions/${view.coalition.slug}`, label: view.coalition.name },
          { href: base, label: t("listTitle") },
        ]}
        current={view.title}
      />
      <h1 className="mb-2 text-break">{view.title}</h1>
      <p>
        <span className={`badge ${status === "approved" ? "bg-success" : status === "cancelled" ? "bg-danger" : "bg-light text-dark border"}`} data-testid="meeting-status">
          {t(`status.${status}`)}
        </span>
      </p>
      {view.cancelledAt && (
        <div className="alert alert-warning" data-testid="meeting-cancelled">
          {t("cancelledOn", { reason: view.cancelReason ?? "" })}
        </div>
      )}
      <dl className="row">
        <dt className="col-sm-3">{t("when")}</dt>
        <dd className="col-sm-9" data-testid="meeting-when">
          {t("timeRange", times)}
        </dd>
        {view.location && (
          <>
            <dt className="col-sm-3">{t("where")}</dt>
            <dd className="col-sm-9 text-break">{view.location}</dd>
          </>
        )}
        {view.online && (
          <>
            <dt className="col-sm-3">{t("online")}</dt>
            <dd className="col-sm-9 text-break">
              {view.onlineUrl ? (
                <a href={view.onlineUrl} rel="noopener noreferrer" data-testid="meeting-online-link">
                  {t("joinOnline")}
                </a>
              ) : (
                t("onlineReserved")
              )}
            </dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/api/meetings/${view.id}/ics`} download data-testid="meeting-ics-link">
          {t("ics")}
        </a>
      </p>

      <section aria-labelledby="agenda-title" className="mt-4">
        <h2 id="agenda-title" className="h4">
          {t("agendaTitle")}
        </h2>
        <ol data-testid="meeting-agenda">
          {view.agenda.map((a) => (
            <li key={a.id} className="mb-2">
              <strong>{a.title}</strong>
              {a.description && (
                <span className="d-block text-break" style={{ whiteSpace: "pre-line" }}>
                  {a.description}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="attendance-title" className="mt-4">
        <h2 id="attendance-title" className="h4">
          {t("attendanceTitle")}
        </h2>
        <p data-testid="meeting-counts">{t("counts", view.counts)}</p>
        {view.attendanceRecorded && <p data-testid="meeting-attended-count">{t("attendedCount", { attended: view.counts.attended })}</p>}
        {!started && !view.cancelledAt && view.viewer.represented.length > 0 && (
          <div className="border rounded p-3 mb-3" data-testid="meeting-answer">
            <h3 className="h5">{t("answer.title")}</h3>
            <p className="small">{t("answer.changeUntil")}</p>
            {view.viewer.represented.map((o) => (
              <AnswerForm key={o.organisationId} meetingId={view.id} organisation={o} />
            ))}
          </div>
        )}
        {view.promoter && started && !view.cancelledAt && view.minutesStatus !== "approved" && (
          <div className="border rounded p-3 mb-3">
            <h3 className="h5">{t("record.title")}</h3>
            <RecordAttendanceForm meetingId={view.id} invitees={view.promoter.invitees} />
          </div>
        )}
        {view.promoter && !started && !view.cancelledAt && <CancelMeetingForm meetingId={view.id} />}
      </section>

      <section aria-labelledby="minutes-title" className="mt-4" data-testid="meeting-minutes">
        <h2 id="minutes-title" className="h4">
          {view.approved ? t("minutes.approvedTitle") : view.draft?.status === "circulated" ? t("minutes.circulatedTitle") : t("minutes.title")}
        </h2>
        {view.approved ? <ApprovedMinutes view={view} locale={locale} /> : !view.draft && !view.promoter && <p>{t("minutes.notYet")}</p>}
        {view.draft && <DraftMinutes view={view} locale={locale} />}
        {view.promoter && started && !view.cancelledAt && !view.approved && (
          <MinutesEditor
            meetingId={view.id}
            status={view.draft ? (view.draft.status as "draft" | "circulated") : null}
            summary={view.draft?.summary ?? ""}
            items={(view.draft?.items ?? view.agenda.map((a) => ({ ...a, decision: "", decisionKind: null, call: null }))).map((i) => ({ id: i.id, position: i.position, title: i.title, decision: i.decision, decisionKind: i.decisionKind, call: i.call }))}
            calls={view.promoter.calls}
            mayApprove={Boolean(view.draft?.commentsCloseAt && view.draft.commentsCloseAt.getTime() <= at.getTime() && view.draft.comments.every((c) => c.answer))}
          />
        )}
      </section>
    </>
  );
}

async function ApprovedMinutes({ view, locale }: { view: MeetingView; locale: string }) {
  const t = await getTranslations("meetings.minutes");
  const approved = view.approved!;
  return (
    <div data-testid="approved-minutes">
      <p>{t("approvedOn", { date: formatRome(approved.approvedAt, locale) })}</p>
      <p>
        <a className="btn btn-outline-primary" href={`/api/meetings/${view.id}/minutes?lang=${locale}`} download data-testid="minutes-pdf-link">
          {t("pdf")}
        </a>
      </p>
      <h3 className="h5">{t("attended")}</h3>
      <ul data-testid="minutes-attended">
        {approved.attended.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      <h3 className="h5">{t("summary")}</h3>
      <div className="text-break">
        <Markdown>{approved.summary}</Markdown>
      </div>
      <h3 className="h5">{t("decisions")}</h3>
      <Decisions items={approved.items} slug={view.coalition.slug} />
      <h3 className="h6 mt-3">{t("hash")}</h3>
      <p className="text-break font-monospace small mb-1" data-testid="minutes-hash">
        {approved.textSha256}
      </p>
      <p className="small">{t("hashHelp")}</p>
    </div>
  );
}

async function Decisions({ items, slug }: { items: NonNullable<MeetingView["approved"]>["items"]; slug: string }) {
  const t = await getTranslations("meetings.minutes");
  return (
    <ol data-testid="minutes-decisions">
      {items.map((i) => (
        <li key={i.id} className="mb-3">
          <strong>{i.title}</strong>
          <span className="d-block text-break" style={{ whiteSpace: "pre-line" }}>
            {t("decision")}: {i.decision || t("noDecision")}
          </span>
          {i.decisionKind && (
            <span className="d-block small">
              {t(`kinds.${i.decisionKind as "other"}`)}
              {i.call && i.call.isPublic && (
                <>
                  {" — "}
                  <Link href={`/coalitions/${slug}/calls/${i.call.id}`}>{t("callLink", { title: i.call.title })}</Link>
                </>
              )}
              {i.call && !i.call.isPublic && ` — ${t("callLink", { title: i.call.title })}`}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

async function DraftMinutes({ view, locale }: { view: MeetingView; locale: string }) {
  const t = await getTranslations("meetings");
  const draft = view.draft!;
  const open = draft.status === "circulated" && draft.commentsCloseAt !== null && draft.commentsCloseAt.getTime() > now().getTime();
  // The promoter answers comments; the members make them.
  const commenters = view.promoter ? [] : view.viewer.represented.map(({ organisationId, legalName }) => ({ organisationId, legalName }));
  return (
    <div data-testid="draft-minutes">
      {draft.status === "circulated" && draft.commentsCloseAt && (
        <p data-testid="minutes-period">{open ? t("minutes.circulatedUntil", { date: formatRomeIn(draft.commentsCloseAt, locale, "al") }) : t("minutes.circulatedClosed", { date: formatRomeIn(draft.commentsCloseAt, locale, "il") })}</p>
      )}
      {draft.status === "circulated" && !view.promoter && (
        <>
          <h3 className="h5">{t("minutes.summary")}</h3>
          <div className="text-break">
            <Markdown>{draft.summary}</Markdown>
          </div>
          <h3 className="h5">{t("minutes.decisions")}</h3>
          <Decisions items={draft.items} slug={view.coalition.slug} />
        </>
      )}
      {draft.status === "circulated" && (
        <section aria-labelledby="comments-title" className="mt-3" data-testid="minutes-comments">
          <h3 id="comments-title" className="h5">
            {t("comments.title")}
          </h3>
          {draft.comments.length === 0 ? (
            <p>{t("comments.none")}</p>
          ) : (
            <ul className="list-unstyled">
              {draft.comments.map((c) => (
                <li key={c.id} className="border rounded p-3 mb-3" data-testid="minutes-comment">
                  <p className="small mb-1">{t("comments.by", { organisation: c.organisationName, date: formatRome(c.createdAt, locale) })}</p>
                  <p className="text-break" style={{ whiteSpace: "pre-line" }}>
                    {c.body}
                  </p>
                  {c.answer ? (
                    <p className="text-break mb-0" style={{ whiteSpace: "pre-line" }}>
                      <strong>{t("comments.answer")}: </strong>
                      {c.answer}
                    </p>
                  ) : (
                    <p className="small mb-0">{t("comments.unanswered")}</p>
                  )}
                  {view.promoter && <AnswerCommentForm commentId={c.id} organisationName={c.organisationName} answer={c.answer} />}
                </li>
              ))}
            </ul>
          )}
          {open && commenters.length > 0 && <CommentForm meetingId={view.id} organisations={commenters} />}
        </section>
      )}
    </div>
  );
}
