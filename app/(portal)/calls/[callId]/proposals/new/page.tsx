import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCall } from "@/lib/calls/queries";
import { listPossibleLeads } from "@/lib/proposals/queries";
import { NewProposalForm } from "./_components/new-proposal-form";

export async function generateMetadata({ params }: { params: Promise<{ callId: string }> }): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("proposals"))("newTitle"));
}

export default async function NewProposalPage({ params }: { params: Promise<{ callId: string }> }) {
  const { callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/calls/${callId}/proposals/new`);
  const db = await getDb();
  const call = await getCall(db, actor, callId);
  if (!call) notFound();
  const leads = await listPossibleLeads(db, actor, callId);
  const t = await getTranslations("proposals");
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-2">{t("newTitle")}</h1>
        <p className="lead mb-4">{t("forCall", { call: call.title })}</p>
        {leads.length === 0 ? <div className="alert alert-info">{t("noLeadOrganisation")}</div> : <NewProposalForm callId={callId} leads={leads} />}
      </div>
    </div>
  );
}
