import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getCurrentActor } from "@/lib/auth/session";

export default async function HomePage() {
  const t = await getTranslations("home");
  const actor = await getCurrentActor();
  return (
    <>
      <section className="mb-5">
        <h1 className="display-5 mb-3">{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <div className="d-flex gap-3 flex-wrap mt-4">
          {actor ? (
            <Link className="btn btn-primary" href="/organisations">
              {t("goToOrganisations")}
            </Link>
          ) : (
            <>
              <Link className="btn btn-primary" href="/sign-up">
                {t("ctaSignUp")}
              </Link>
              <Link className="btn btn-outline-primary" href="/sign-in">
                {t("ctaSignIn")}
              </Link>
            </>
          )}
        </div>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title" className="h3 mb-4">
          {t("howTitle")}
        </h2>
        <div className="row g-4">
          {(["coalitions", "proposals", "voting", "incentives"] as const).map((k) => (
            <div className="col-md-6 col-lg-3" key={k}>
              <div className="card card-bg h-100">
                <div className="card-body">
                  <h3 className="h5 card-title">{t(`steps.${k}.title`)}</h3>
                  <p className="card-text">{t(`steps.${k}.text`)}</p>
                </div>
              </div>
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
