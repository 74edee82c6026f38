import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/lib/auth/session";
import { OrganisationForm } from "./_components/organisation-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("organisations"))("newTitle") };
}

export default async function NewOrganisationPage() {
  await requirePageActor("/organisations/new");
  const t = await getTranslations("organisations");
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">{t("newTitle")}</h1>
        <p className="mb-4">{t("newIntro")}</p>
        <OrganisationForm />
      </div>
    </div>
  );
}
