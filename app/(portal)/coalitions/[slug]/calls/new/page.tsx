import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCoalitionForCalls } from "@/lib/calls/queries";
import { emptyCallForm } from "@/lib/calls/schemas";
import { callFormProtocolThemes } from "@/lib/protocol/call-form-options";
import { CallForm } from "../_components/call-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("calls"))("newTitle") };
}

export default async function NewCallPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requirePageActor(`/coalitions/${slug}/calls/new`);
  const coalition = await getCoalitionForCalls(await getDb(), actor, { slug });
  if (!coalition?.isPromoter) notFound();
  const t = await getTranslations("calls");
  return (
    <div className="row">
      <div className="col-lg-9">
        <p className="mb-1">{coalition.name}</p>
        <h1 className="mb-3">{t("newTitle")}</h1>
        <p className="mb-4">{t("newIntro")}</p>
        <CallForm coalitionId={coalition.id} slug={coalition.slug} defaultValues={emptyCallForm} protocolThemes={await callFormProtocolThemes(await getDb(), coalition.id, [], (key) => key)} />
      </div>
    </div>
  );
}
