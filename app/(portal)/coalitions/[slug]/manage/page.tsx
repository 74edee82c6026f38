import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { listCoalitionMembersPage } from "@/lib/coalitions/members-page";
import { getCoalitionBySlug, getViewerContext, listPendingJoinRequests, searchInvitableOrganisations } from "@/lib/coalitions/queries";
import { decodeKeyCursor } from "@/lib/paging/keyset";
import { SuccessMessage } from "@/components/confirm-dialog";
import { COALITION_MESSAGES_PER_DAY } from "@/lib/notifications/promoter";
import { CoalitionMessageForm } from "./_components/coalition-message-form";
import { InviteOrganisation } from "./_components/invite-organisation";
import { JoinRequestDecision } from "./_components/join-request-decision";
import { MemberRow } from "./_components/member-row";

type Cursors = { after?: string; before?: string; rafter?: string; rbefore?: string; iafter?: string; ibefore?: string };
type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ q?: string; done?: string } & Cursors> };

/** The cursor parameters of the page's three lists: members, requests, invitations. */
const LISTS = { members: { after: "after", before: "before" }, requests: { after: "rafter", before: "rbefore" }, invitations: { after: "iafter", before: "ibefore" } } as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("coalitions"))("manageTitle") };
}

export default async function ManageCoalitionPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const q = typeof query.q === "string" ? query.q : "";
  const done = typeof query.done === "string" ? query.done : undefined;
  const token = (name: keyof Cursors) => (typeof query[name] === "string" ? query[name] : undefined);
  const after = decodeKeyCursor(token("after"), "text");
  const before = decodeKeyCursor(token("before"), "text");
  const cursorsOf = (list: keyof typeof LISTS) => ({ after: decodeKeyCursor(token(LISTS[list].after), "number"), before: decodeKeyCursor(token(LISTS[list].before), "number") });
  const requestCursors = cursorsOf("requests");
  const invitationCursors = cursorsOf("invitations");
  const actor = await requirePageActor(`/coalitions/${slug}/manage`);
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) notFound();
  const context = await getViewerContext(db, actor, coalition.id);
  if (!context.isPromoter) notFound();
  // Members 50 a page (the public coalition page's query): a coalition of thousands never loads them all.
  // Pending requests and invitations 50 a page too, each list with its own cursor.
  const [list, requestList, invitationList, candidates] = await Promise.all([
    listCoalitionMembersPage(db, coalition.id, { after, before }),
    listPendingJoinRequests(db, actor, coalition.id, "request", requestCursors),
    listPendingJoinRequests(db, actor, coalition.id, "invitation", invitationCursors),
    searchInvitableOrganisations(db, actor, coalition.id, q.slice(0, 100)),
  ]);
  const t = await getTranslations("coalitions");
  const to = await getTranslations("organisations");
  const tm = await getTranslations("promoterMessages.message");
  const format = await getFormatter();
  const requests = requestList.requests;
  const invitations = invitationList.requests;
  const members = list.members;
  const integer = new Intl.NumberFormat((await getLocale()) === "en" ? "en-GB" : "it-IT");
  const paged = list.total > members.length;
  const rangeOf = (l: { from: number; to: number }) => `${integer.format(l.from)}–${integer.format(l.to)}`;
  const range = rangeOf(list);
  // Each list's links keep the search and the other lists' positions.
  const keepFor = (own: keyof typeof LISTS) => {
    const keep = new URLSearchParams(q ? { q } : {});
    for (const [name, params] of Object.entries(LISTS)) {
      if (name === own) continue;
      for (const p of [params.after, params.before]) if (token(p)) keep.set(p, token(p)!);
    }
    return keep;
  };
  const keep = keepFor("members");
  const requestsPaged = requestList.total > requests.length;
  const invitationsPaged = invitationList.total > invitations.length;

  return (
    <>
      <p>
        <Link href={`/coalitions/${coalition.slug}`}>← {coalition.name}</Link>
      </p>
      <h1 className="mb-4">{t("manageTitle")}</h1>
      <p data-testid="manage-protocol-link">
        <Link href={`/coalitions/${coalition.slug}/manage/protocol`}>{(await getTranslations("protocol"))("manageLink")}</Link>
      </p>
      <p className="d-flex flex-wrap gap-3" data-testid="manage-meetings">
        <Link href={`/coalitions/${coalition.slug}/meetings`}>{(await getTranslations("meetings"))("link")}</Link>
        <Link href={`/coalitions/${coalition.slug}/meetings/new`}>{(await getTranslations("meetings"))("convene")}</Link>
      </p>

      <section aria-labelledby="requests-title" className="mb-5">
        <h2 id="requests-title" className="h3">
          {t("requestsTitle", { count: requestList.total })}
          {requestsPaged && `, ${rangeOf(requestList)}`}
        </h2>
        {requestList.total === 0 && <p>{t("noRequests")}</p>}
        {requests.map((r) => (
          <div key={r.id} className="card card-bg mb-3" data-testid="join-request">
            <div className="card-body">
              <h3 className="h5">
                {r.organisationName} <span className="text-muted">· {to(`kinds.${r.organisationKind}`)}</span>
              </h3>
              <p className="mb-2">
                «{r.motivation}» — {format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}
              </p>
              <JoinRequestDecision requestId={r.id} organisationName={r.organisationName} />
            </div>
          </div>
        ))}
        <KeysetPagination
          path={`/coalitions/${coalition.slug}/manage`}
          query={keepFor("requests")}
          params={LISTS.requests}
          previous={requestList.previous}
          next={requestList.next}
          hasCursor={Boolean(requestCursors.after ?? requestCursors.before)}
          current={requestsPaged ? rangeOf(requestList) : undefined}
        />
      </section>

      <section aria-labelledby="members-title" className="mb-5">
        <h2 id="members-title" className="h3">
          {t("membersTitle", { count: list.total })}
          {paged && `, ${range}`}
        </h2>
        <div className="table-responsive">
          <table className="table align-middle" data-testid="manage-members">
            <caption className="visually-hidden">
              {t("membersTitle", { count: list.total })}
              {paged && `, ${range}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">{to("legalName")}</th>
                <th scope="col">{to("kind")}</th>
                <th scope="col">{t("roleAndWeight")}</th>
                <th scope="col">{t("removal")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow
                  key={m.organisationId}
                  coalitionId={coalition.id}
                  organisationId={m.organisationId}
                  name={m.legalName}
                  kindLabel={to(`kinds.${m.kind}`)}
                  role={m.role}
                  weight={m.weight}
                />
              ))}
            </tbody>
          </table>
        </div>
        <KeysetPagination
          path={`/coalitions/${coalition.slug}/manage`}
          query={keep}
          previous={list.previous}
          next={list.next}
          hasCursor={Boolean(after ?? before)}
          current={paged ? range : undefined}
        />
        <p className="form-hint" data-testid="removal-hint">
          {t("removalHint")}
        </p>
      </section>

      <section aria-labelledby="invite-title" className="mb-5">
        <h2 id="invite-title" className="h3">
          {t("inviteTitle")}
        </h2>
        <form method="get" className="d-flex gap-2 align-items-end flex-wrap mb-3" role="search">
          <div className="form-group mb-0 flex-grow-1">
            <label htmlFor="q" className="active">
              {t("searchOrganisations")}
            </label>
            <input id="q" name="q" type="search" className="form-control" defaultValue={q} />
          </div>
          <button type="submit" className="btn btn-outline-primary">
            {t("search")}
          </button>
        </form>
        {q.trim().length >= 2 && candidates.length === 0 && <p>{t("noCandidates")}</p>}
        <ul className="list-unstyled">
          {candidates.map((c) => (
            <li key={c.id} className="mb-3" data-testid="invite-candidate">
              <InviteOrganisation coalitionId={coalition.id} organisationId={c.id} name={c.legalName} kindLabel={to(`kinds.${c.kind}`)} />
            </li>
          ))}
        </ul>
        {invitationList.total > 0 && (
          <>
            <h3 className="h5">
              {t("pendingInvitations")} ({integer.format(invitationList.total)}
              {invitationsPaged && `, ${rangeOf(invitationList)}`})
            </h3>
            <ul data-testid="pending-invitations">
              {invitations.map((i) => (
                <li key={i.id}>
                  {i.organisationName} — {t(`roles.${i.role}`)}, {t("weight", { weight: i.weight })} ({format.dateTime(i.createdAt, { dateStyle: "medium" })})
                </li>
              ))}
            </ul>
            <KeysetPagination
              path={`/coalitions/${coalition.slug}/manage`}
              query={keepFor("invitations")}
              params={LISTS.invitations}
              previous={invitationList.previous}
              next={invitationList.next}
              hasCursor={Boolean(invitationCursors.after ?? invitationCursors.before)}
              current={invitationsPaged ? rangeOf(invitationList) : undefined}
            />
          </>
        )}
      </section>

      <section aria-labelledby="message-title" className="mb-5" data-testid="coalition-message">
        <h2 id="message-title" className="h3">
          {tm("title")}
        </h2>
        {done === "message" && <SuccessMessage testId="message-done">{tm("done")}</SuccessMessage>}
        <p className="form-hint">{tm("hint", { count: list.total, max: COALITION_MESSAGES_PER_DAY })}</p>
        <CoalitionMessageForm coalitionId={coalition.id} slug={coalition.slug} organisations={list.total} />
      </section>
    </>
  );
}
