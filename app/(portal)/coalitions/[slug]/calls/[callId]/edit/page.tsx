import type { Metadata } from "next";
import { callPageMetadata } from "@/lib/calls/page-title";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { callFormValues } from "@/lib/calls/form-values";
import { getCall } from "@/lib/calls/queries";
import { callFormProtocolThemes } from "@/lib/protocol/call-form-options";
import { listAttachmentRequirements } from "@/lib/documents/requirements";
import { CallForm } from "../../_components/call-form";
import { listCriteria } from "@/lib/evaluation/criteria";
import { CriteriaPanel } from "./_components/criteria-panel";
import { RequirementsPanel } from "./_components/requirements-panel";

export async function generateMetadata({ params }: { params: Promise<{ callId: string }> }): Promise<Metadata> {
  return callPageMetadata((await params).callId, (await getTranslations("calls"))("editTitle"));
}

export default async function EditCallPage({ params }: { params: Promise<{ slug: string; callId: string }> }) {
  const { slug, callId } = await params;
  if (!z.uuid().safeParse(callId).success) notFound();
  const actor = await requirePageActor(`/coalitions/${slug}/calls/${callId}/edit`);
  const db = await getDb();
  const call = await getCall(db, actor, callId);
  if (!call || call.coalitionSlug !== slug || !call.isPromoter) notFound();
  const t = await getTranslations("calls");
  const td = await getTranslations("documents");
  return (
    <div className="row">
      <div className="col-lg-9">
        <p className="mb-1">{call.coalitionName}</p>
        <h1 className="mb-3">{t("editTitle")}</h1>
        {call.status === "draft" ? (
          <>
            <p className="mb-4">{t("newIntro")}</p>
            <CallForm
              coalitionId={call.coalitionId}
              slug={slug}
              callId={call.id}
              defaultValues={callFormValues(call)}
              protocolThemes={await callFormProtocolThemes(db, call.coalitionId, call.protocolThemes, (key) => t("fields.protocolThemeRemoved", { label: key }))}
            />
          </>
        ) : (
          <div className="alert alert-info">
            {t("frozen")} <Link href={`/coalitions/${slug}/calls/${call.id}`}>{call.title}</Link>
          </div>
        )}
        <RequirementsPanel callId={call.id} requirements={await listAttachmentRequirements(db, call.id)} editable={call.status === "draft"} />
        <CriteriaPanel
          callId={call.id}
          criteria={await listCriteria(db, call.id)}
          rule={{ mode: call.evaluationMode, minTotal: call.evaluationMinTotal, weightBp: call.evaluationWeightBp }}
          editable={call.status === "draft"}
        />
        <p className="mt-4" data-testid="call-documents-link">
          {td("editPageNote")} <Link href={`/coalitions/${slug}/calls/${call.id}#call-documents-title`}>{td("editPageLink")}</Link>
        </p>
      </div>
    </div>
  );
}
