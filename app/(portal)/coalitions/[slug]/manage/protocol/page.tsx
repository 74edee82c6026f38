import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SuccessMessage } from "@/components/confirm-dialog";
import { Markdown } from "@/components/markdown";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { getCoalitionBySlug } from "@/lib/coalitions/queries";
import { getProtocolForPromoter } from "@/lib/protocol/queries";
import type { ProtocolDraftInput } from "@/lib/protocol/schemas";
import { formatRome } from "@/lib/time";
import { ProtocolForm } from "./_components/protocol-form";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ done?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("protocol"))("manage.title") };
}

export default async function ManageProtocolPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { done } = await searchParams;
  const actor = await requirePageActor(`/coalitions/${slug}/manage/protocol`);
  const db = await getDb();
  const coalition = await getCoalitionBySlug(db, slug);
  if (!coalition) notFound();
  const protocol = await getProtocolForPromoter(db, actor, coalition.id);
  if (!protocol) notFound();
  const { draft, current } = protocol;
  const t = await getTranslations("protocol");
  const locale = await getLocale();
  const version = draft?.version ?? (current?.version ?? 0) + 1;
  // A new draft starts from the version in force (an amendment changes it), or from nothing.
  const source = draft ?? current;
  const defaultValues: ProtocolDraftInput = {
    title: source?.title ?? "",
    body: source?.body ?? "",
    themes: source?.themes.map((th) => ({ key: th.key, label: th.label, description: th.description ?? "" })) ?? [{ key: "", label: "", description: "" }],
    amendmentNote: draft?.amendmentNote ?? "",
  };
  return (
    <div className="row">
      <div className="col-lg-9">
        <p>
          <Link href={`/coalitions/${coalition.slug}/manage`}>← {coalition.name}</Link>
        </p>
        <h1 className="mb-3">{t("manage.title")}</h1>
        {done === "saved" && draft && <SuccessMessage>{t("manage.saved")}</SuccessMessage>}
        <p>{t("manage.intro")}</p>
        <p>
          <Link href={`/coalitions/${coalition.slug}/protocol`} data-testid="protocol-public-link">
            {t("manage.publicPage")}
          </Link>
        </p>
        <h2 className="h4" data-testid="protocol-draft-heading">
          {draft ? t("manage.draftOf", { version }) : t("manage.newDraft", { version })}
        </h2>
        {draft && <p className="text-muted">{t("manage.lastSaved", { date: formatRome(draft.updatedAt, locale) })}</p>}
        {!draft && current && <p>{t("manage.startsFrom", { version: current.version })}</p>}
        <ProtocolForm coalitionId={coalition.id} slug={coalition.slug} version={version} draftId={draft?.id ?? null} defaultValues={defaultValues} />

        <section aria-labelledby="preview-title" className="mt-5 border rounded p-3" data-testid="protocol-preview">
          <h2 id="preview-title" className="h4">
            {t("manage.previewTitle")}
          </h2>
          {draft ? (
            <>
              <h3 className="h5">{draft.title}</h3>
              <ul>
                {draft.themes.map((th) => (
                  <li key={th.key}>
                    <strong>{th.label}</strong> <code>{th.key}</code>
                    {th.description && ` — ${th.description}`}
                  </li>
                ))}
              </ul>
              {draft.amendmentNote && (
                <p>
                  <strong>{t("amendment")}:</strong> {draft.amendmentNote}
                </p>
              )}
              <Markdown>{draft.body}</Markdown>
            </>
          ) : (
            <p className="mb-0">{t("manage.previewNone")}</p>
          )}
        </section>
      </div>
    </div>
  );
}
