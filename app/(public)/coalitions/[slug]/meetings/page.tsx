import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { KeysetPagination } from "@/components/keyset-pagination";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { getCoalitionBySlug } from "@/lib/coalitions/queries";
import { meetingTimes } from "@/lib/meetings/format";
import { listMeetingsPage, type MeetingListItem, type MeetingSection } from "@/lib/meetings/queries";
import { decodeKeyCursor } from "@/lib/paging/keyset";

export const dynamic = "force-dynamic";

type Query = { ua?: string | string[]; ub?: string | string[]; after?: string | string[]; before?: string | string[] };
type Props = { params: Promise<{ slug: string }>; searchParams?: Promise<Query> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const coalition = await getCoalitionBySlug(await getDb(), (await params).slug);
  if (!coalition) return { title: "404" };
  return { title: (await getTranslations("meetings"))("metaTitle", { coalition: coalition.name }) };
}

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/** The coalition's meetings: upcoming (soonest first) and past (latest first), each paginated by keyset. */
export default async function MeetingsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = (await searchParams) ?? {};
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) notFound();
  const viewer = await getCurrentActor();
  const cursors = {
    upcoming: { after: decodeKeyCursor(one(query.ua), "number"), before: decodeKeyCursor(one(query.ub), "number") },
    past: { after: decodeKeyCursor(one(query.after), "number"), before: decodeKeyCursor(one(query.before), "number") },
  };
  const [upcoming, past, isPromoter] = await Promise.all([
    listMeetingsPage(db, coalition.id, "upcoming", cursors.upcoming),
    listMeetingsPage(db, coalition.id, "past", cursors.past),
    viewer ? isCoalitionPromoter(db, viewer, coalition.id) : false,
  ]);
  const t = await getTranslations("meetings");
  const tc = await getTranslations("coalitions");
  const locale = await getLocale();
  const path = `/coalitions/${coalition.slug}/meetings`;

  const section = (key: MeetingSection, list: typeof upcoming, params: { after: string; before: string }) => {
    const paged = list.total > list.meetings.length;
    const range = t("range", { from: list.from, to: list.to, total: list.total });
    // Keep the other list's position on this list's links.
    const keep = new URLSearchParams();
    for (const name of key === "upcoming" ? ["after", "before"] : ["ua", "ub"]) {
      const v = one(query[name as keyof Query]);
      if (v) keep.set(name, v);
    }
    return (
      <section aria-labelledby={`${key}-title`} className="mt-4" data-testid={`meetings-${key}`}>
        <h2 id={`${key}-title`} className="h3">
          {t(key === "upcoming" ? "upcomingTitle" : "pastTitle")}
        </h2>
        <p role="status" data-testid={`meetings-${key}-count`}>
          {t("count", { count: list.total })}
          {paged && ` · ${range}`}
        </p>
        {list.meetings.length === 0 ? (
          <p>{t(key === "upcoming" ? "noUpcoming" : "noPast")}</p>
        ) : (
          <ul className="list-unstyled">
            {list.meetings.map((m) => (
              <MeetingRow key={m.id} meeting={m} slug={coalition.slug} locale={locale} past={key === "past"} />
            ))}
          </ul>
        )}
        <KeysetPagination path={path} query={keep} previous={list.previous} next={list.next} hasCursor={Boolean(cursors[key].after ?? cursors[key].before)} current={paged ? range : undefined} params={params} />
      </section>
    );
  };

  return (
    <>
      <Breadcrumb trail={[{ href: "/coalitions", label: tc("listTitle") }, { href: `/coalitions/${coalition.slug}`, label: coalition.name }]} current={t("listTitle")} />
      <div className="d-flex justify-content-between align-items-start flex-wrap gap-2">
        <h1 className="mb-2">{t("listTitle")}</h1>
        {isPromoter && (
          <Link className="btn btn-primary" href={`${path}/new`} data-testid="meeting-convene-link">
            {t("convene")}
          </Link>
        )}
      </div>
      <p className="lead">{t("listLead", { coalition: coalition.name })}</p>
      {section("upcoming", upcoming, { after: "ua", before: "ub" })}
      {section("past", past, { after: "after", before: "before" })}
    </>
  );
}

async function MeetingRow({ meeting: m, slug, locale, past }: { meeting: MeetingListItem; slug: string; locale: string; past: boolean }) {
  const t = await getTranslations("meetings");
  const times = meetingTimes(m.startsAt, m.endsAt, locale);
  const status = m.cancelledAt ? "cancelled" : m.minutesStatus ? m.minutesStatus : past ? "ended" : "upcoming";
  return (
    <li className="border rounded p-3 mb-3" data-testid="meeting-row">
      <h3 className="h5 mb-1">
        <Link href={`/coalitions/${slug}/meetings/${m.id}`}>{m.title}</Link>
      </h3>
      <p className="mb-1">{t("timeRange", times)}</p>
      <p className="mb-1 text-break">{[m.location, m.online ? t("online") : null].filter(Boolean).join(" · ")}</p>
      <span className={`badge ${status === "approved" ? "bg-success" : status === "cancelled" ? "bg-danger" : "bg-light text-dark border"}`}>{t(`status.${status}`)}</span>
    </li>
  );
}
