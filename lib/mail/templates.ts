import { createTranslator } from "next-intl";
import en from "@/messages/en/mail.json" with { type: "json" };
import it from "@/messages/it/mail.json" with { type: "json" };
import { isLocale, type Locale } from "@/lib/i18n/config";

export type MailKind = "password_reset" | "email_verification";

export type RenderedMail = { subject: string; text: string; html: string };

const messages = { en, it } as const;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The recipient's language if it is one of ours, else Italian. */
export function mailLocale(value: unknown): Locale {
  return isLocale(value) ? value : "it";
}

/**
 * An e-mail in the recipient's language, as plain text and as simple HTML: the platform's
 * name, the greeting, the text, one link (written out in full too), and no images,
 * pixels or tracked links.
 */
export function renderMail(kind: MailKind, locale: Locale, values: { name: string; link: string }): RenderedMail {
  const t = createTranslator({ locale, messages: messages[locale], namespace: "mail" });
  const parts =
    kind === "password_reset"
      ? { subject: t("resetSubject"), greeting: t("resetGreeting", { name: values.name }), body: t("resetBody"), button: t("resetButton") }
      : { subject: t("verifySubject"), greeting: t("verifyGreeting", { name: values.name }), body: t("verifyBody"), button: t("verifyButton") };
  const platform = t("platform");
  const text = [platform, "", parts.greeting, parts.body, "", values.link, "", t("ignore"), "", "--", t("footer")].join("\n");
  const link = escapeHtml(values.link);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:600px;margin:0 auto;padding:16px">
<p style="font-size:20px;font-weight:bold;color:#0066cc;margin:0 0 16px">${escapeHtml(platform)}</p>
<p>${escapeHtml(parts.greeting)}<br>${escapeHtml(parts.body)}</p>
<p><a href="${link}" style="display:inline-block;background:#0066cc;color:#ffffff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(parts.button)}</a></p>
<p style="word-break:break-all">${link}</p>
<p>${escapeHtml(t("ignore"))}</p>
<hr><p style="font-size:12px;color:#555">${escapeHtml(t("footer"))}</p>
</body></html>`;
  return { subject: `${parts.subject}`, text, html };
}
