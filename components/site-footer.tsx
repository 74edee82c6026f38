import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";

export async function SiteFooter() {
  const t = await getTranslations("site");
  return (
    <footer className="it-footer site-footer">
      {env.isDemo && (
        <div className="demo-banner py-2" role="note">
          <div className="container">{t("demoNotice")}</div>
        </div>
      )}
      <div className="it-footer-main py-4">
        <div className="container">
          <p className="mb-3 text-white">{t("footer")}</p>
          <p className="mb-3">
            <Link href="/receipts">{t("footerReceipts")}</Link>
          </p>
          {/* The links an Italian public administration's site must show (AgID guidelines). */}
          <nav aria-label={t("footerLegal")}>
            <ul className="list-inline mb-0" data-testid="footer-links">
              <li className="list-inline-item me-4">
                <Link href="/accessibility">{t("footerAccessibility")}</Link>
              </li>
              <li className="list-inline-item me-4">
                <Link href="/privacy">{t("footerPrivacy")}</Link>
              </li>
              <li className="list-inline-item me-4">
                <Link href="/legal-notes">{t("footerLegalNotes")}</Link>
              </li>
              <li className="list-inline-item">
                <Link href="/contacts">{t("footerContacts")}</Link>
              </li>
            </ul>
          </nav>
        </div>
      </div>
    </footer>
  );
}
