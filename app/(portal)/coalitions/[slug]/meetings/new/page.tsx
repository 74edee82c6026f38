import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/breadcrumb";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { isCoalitionPromoter } from "@/lib/coalitions/access";
import { getCoalitionBySlug } from "@/lib/coalitions/queries";
import { ConveneForm } from "./_components/convene-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("meetings.new"))("title") };
}

/** The promoter convenes a meeting of the table; anyone else gets "not found". */
export default async function NewMeetingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requirePageActor(`/coalitions/${slug}/meetings/new`);
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition || !(await isCoalitionPromoter(db, actor, coalition.id))) notFound();
  const t = await getTranslations("meetings");
  const tc = await getTranslations("coalitions");
  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/coalitions", label: tc("listTitle") },
          { href: `/coalitions/${coalition.slug}`, label: coalition.name },
          { href: `/coalitions/${coalition.slug}/meetings`, label: t("listTitle") },
        ]}
        current={t("new.title")}
      />
      <div className="row">
        <div className="col-lg-9">
          <h1 className="mb-3">{t("new.title")}</h1>
          <p className="mb-4">{t("new.intro")}</p>
          <ConveneForm coalitionId={coalition.id} slug={coalition.slug} />
        </div>
      </div>
    </>
  );
}
