import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { listLatestResults, listOpenAndUpcomingCalls } from "@/lib/calls/browse";
import { now } from "@/lib/clock";
import { formatRomeIn } from "@/lib/time";
import { PublicCallCard } from "./calls/_components/public-call-card";

export default async function HomePage() {
  const t = await getTranslations("home");
  const tf = await getTranslations("find.home");
  const locale = await getLocale();
  const actor = await getCurrentActor();
  const db = await getDb();
  const [current, results] = await Promise.all([listOpenAndUpcomingCalls(db), listLatestResults(db)]);
  const serverNow = now().getTime();
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
      <section aria-labelledby="open-calls-title" className="mb-5" data-testid="home-open-calls">
        <div className="d-flex justify-content-between align-items-baseline flex-wrap gap-2 mb-3">
          <h2 id="open-calls-title" className="h3 mb-0">
            {tf("openTitle")}
          </h2>
          <Link href="/calls">{tf("allCalls")}</Link>
        </div>
        {current.length === 0 && <p>{tf("openEmpty")}</p>}
        <ul className="row g-4 list-unstyled">
          {current.map((c) => (
            <li key={c.id} className="col-12 col-md-6 col-xl-4">
              <PublicCallCard call={c} serverNow={serverNow} headingLevel="h3" />
            </li>
          ))}
        </ul>
      </section>
      <div className="row g-4 mb-5">
        <section aria-labelledby="results-title" className="col-12 col-lg-6" data-testid="home-results">
          <h2 id="results-title" className="h3">
            {tf("resultsTitle")}
          </h2>
          {results.length === 0 && <p>{tf("resultsEmpty")}</p>}
          <ul className="list-unstyled">
            {results.map((r) => (
              <li key={r.id} className="mb-3">
                <Link href={`/calls/${r.id}/results`} className="fw-semibold">
                  {tf("seeResults", { title: r.title })}
                </Link>
                <div className="small">
                  {r.coalitionName}
                  {r.resultsPublishedAt && ` · ${tf("resultsOn", { date: formatRomeIn(r.resultsPublishedAt, locale, "il") })}`}
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="partners-title" className="col-12 col-lg-6">
          <h2 id="partners-title" className="h3">
            {tf("partnersTitle")}
          </h2>
          <p>{tf("partnersText")}</p>
          <Link className="btn btn-outline-primary" href="/partners">
            {tf("partnersLink")}
          </Link>
        </section>
      </div>
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
