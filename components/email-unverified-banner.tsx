import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getCurrentActor } from "@/lib/auth/session";

/**
 * On every page, for a signed-in person whose address is not confirmed yet: they can only
 * read until they open the link mailed at sign-up (the actions refuse them, lib/action.ts);
 * the account page sends it again.
 */
export async function EmailUnverifiedBanner() {
  const actor = await getCurrentActor();
  if (!actor || actor.emailVerified) return null;
  const t = await getTranslations("mail");
  return (
    <div className="alert alert-warning text-break mb-4" role="status" data-testid="email-unverified-banner">
      <p className="mb-2">{t("unverifiedBanner", { email: actor.email })}</p>
      <Link href="/account#email-state" className="btn btn-outline-primary btn-sm">
        {t("unverifiedBannerLink")}
      </Link>
    </div>
  );
}
