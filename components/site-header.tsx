import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { countWaiting, getDesk } from "@/lib/desk/queries";
import { listRepresentedOrganisations } from "@/lib/incentives/queries";
import { setLocaleAction } from "@/lib/i18n/actions";
import { unreadCount } from "@/lib/notifications/notify";
import { SignOutButton } from "./sign-out-button";
import { SiteMenu } from "./site-menu";

export async function SiteHeader() {
  const t = await getTranslations("site");
  const tn = await getTranslations("find.nav");
  const ti = await getTranslations("incentives");
  const locale = await getLocale();
  const actor = await getCurrentActor();
  const other = locale === "it" ? "en" : "it";
  const td = await getTranslations("desk");
  // The count of what waits on the person's desk: the same viewer-scoped lists the desk shows.
  const desk = actor ? countWaiting(await getDesk(await getDb(), actor)) : null;
  // Funding (issue 11): for those who represent an organisation, the ones who apply for aid.
  const tf = await getTranslations("funding");
  const representsAny = actor ? (await listRepresentedOrganisations(await getDb(), actor)).length > 0 : false;
  // The bell (issue 12): unread notifications, counted up to 100 (shown as 99+ above 99).
  const tb = await getTranslations("notificationsUi.bell");
  const unread = actor ? await unreadCount(await getDb(), actor.userId) : 0;
  return (
    <header className="it-header-wrapper">
      <div className="it-header-slim-wrapper">
        <div className="container">
          <div className="it-header-slim-wrapper-content d-flex justify-content-between align-items-center">
            <span className="text-white">{t("slimTitle")}</span>
            <div className="d-flex align-items-center gap-3">
              <form action={setLocaleAction}>
                <input type="hidden" name="locale" value={other} />
                <button type="submit" className="btn btn-link p-0" lang={other} data-testid="locale-switch">
                  {t("switchLanguage")}
                </button>
              </form>
              {actor ? (
                <>
                  <span className="text-white d-none d-md-inline" data-testid="signed-in-as">
                    {actor.name}
                  </span>
                  <Link className="btn btn-link btn-sm text-white p-0" href="/account">
                    {t("account")}
                  </Link>
                  <SignOutButton label={t("signOut")} />
                </>
              ) : (
                <Link className="btn btn-primary btn-sm" href="/sign-in">
                  {t("signIn")}
                </Link>
              )}
            </div>
          </div>
        </div>
      </div>
      <div className="it-header-center-wrapper">
        <div className="container">
          <div className="it-header-center-content-wrapper">
            <div className="it-brand-wrapper">
              <Link href="/">
                <div className="it-brand-text">
                  <div className="it-brand-title">Tavolo</div>
                  <div className="it-brand-tagline d-none d-md-block">{t("tagline")}</div>
                </div>
              </Link>
            </div>
            {actor && (
              <div className="it-right-zone">
                {/* Beside the brand, so it stays in sight on a phone too (not in the collapsed menu). */}
                <Link
                  href="/notifications"
                  className="site-bell d-inline-flex align-items-center gap-2 text-white fw-semibold"
                  aria-label={unread > 99 ? tb("labelCapped") : tb("label", { count: unread })}
                  data-testid="bell"
                  data-unread={unread}
                >
                  <svg aria-hidden="true" focusable="false" width="24" height="24" viewBox="0 0 24 24" fill="currentColor">
                    <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
                  </svg>
                  <span className="d-none d-md-inline">{tb("text")}</span>
                  {unread > 0 && (
                    <span className="badge bg-white text-primary" data-testid="bell-count">
                      {unread > 99 ? "99+" : unread}
                    </span>
                  )}
                </Link>
              </div>
            )}
          </div>
        </div>
      </div>
      <div className="it-header-navbar-wrapper">
        <div className="container">
          <SiteMenu
            label={t("mainNavigation")}
            openLabel={t("menuOpen")}
            closeLabel={t("menuClose")}
            shortcut={
              actor && desk ? (
                <Link className="site-menu-shortcut" href="/desk" data-testid="nav-desk-compact">
                  {td("nav")}
                  {desk.count > 0 && (
                    <span className="badge bg-light text-primary ms-2" data-testid="desk-badge-compact" aria-label={desk.capped ? td("waitingCapped", { count: desk.count }) : td("waiting", { count: desk.count })}>
                      {desk.capped ? `${desk.count}+` : desk.count}
                    </span>
                  )}
                </Link>
              ) : undefined
            }
          >
            <ul className="navbar-nav flex-wrap">
              <li className="nav-item">
                <Link className="nav-link" href="/">
                  <span>{t("navHome")}</span>
                </Link>
              </li>
              <li className="nav-item">
                <Link className="nav-link" href="/coalitions">
                  <span>{t("navCoalitions")}</span>
                </Link>
              </li>
              <li className="nav-item">
                <Link className="nav-link" href="/calls" data-testid="nav-calls">
                  <span>{tn("calls")}</span>
                </Link>
              </li>
              <li className="nav-item">
                <Link className="nav-link" href="/partners" data-testid="nav-partners">
                  <span>{tn("partners")}</span>
                </Link>
              </li>
              <li className="nav-item">
                <Link className="nav-link" href="/incentives" data-testid="nav-incentives">
                  <span>{ti("nav")}</span>
                </Link>
              </li>
              {actor && desk && (
                <li className="nav-item">
                  <Link className="nav-link" href="/desk" data-testid="nav-desk">
                    <span>{td("nav")}</span>
                    {desk.count > 0 && (
                      <span className="badge bg-light text-primary ms-2" data-testid="desk-badge" aria-label={desk.capped ? td("waitingCapped", { count: desk.count }) : td("waiting", { count: desk.count })}>
                        {desk.capped ? `${desk.count}+` : desk.count}
                      </span>
                    )}
                  </Link>
                </li>
              )}
              {actor && (
                <li className="nav-item">
                  <Link className="nav-link" href="/partnerships">
                    <span>{td("navPartnerships")}</span>
                  </Link>
                </li>
              )}
              {actor && (
                <li className="nav-item">
                  <Link className="nav-link" href="/organisations">
                    <span>{t("navOrganisations")}</span>
                  </Link>
                </li>
              )}
              {actor && (
                <li className="nav-item">
                  <Link className="nav-link" href="/proposals">
                    <span>{t("navProposals")}</span>
                  </Link>
                </li>
              )}
              {representsAny && (
                <li className="nav-item">
                  <Link className="nav-link" href="/funding" data-testid="nav-funding">
                    <span>{tf("nav")}</span>
                  </Link>
                </li>
              )}
              {actor?.isPlatformAdmin && (
                <li className="nav-item">
                  <Link className="nav-link" href="/admin/organisations">
                    <span>{t("navAdmin")}</span>
                  </Link>
                </li>
              )}
              {!actor && (
                <li className="nav-item">
                  <Link className="nav-link" href="/sign-up">
                    <span>{t("signUp")}</span>
                  </Link>
                </li>
              )}
            </ul>
          </SiteMenu>
        </div>
      </div>
    </header>
  );
}
