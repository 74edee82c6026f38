import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";

export async function SiteFooter() {
  const t = await getTranslations("site");
  return (
    <footer className="it-footer">
      {env.isDemo && (
        <div className="demo-banner py-2" role="note">
          <div className="container">{t("demoNotice")}</div>
        </div>
      )}
      <div className="it-footer-main py-4">
        <div className="container">
          <p className="mb-0 text-white">{t("footer")}</p>
        </div>
      </div>
    </footer>
  );
}
