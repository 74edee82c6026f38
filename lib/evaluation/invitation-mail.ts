import { createTranslator } from "next-intl";
import type { Locale } from "@/lib/i18n/config";
import en from "@/messages/en/committee.json" with { type: "json" };
import it from "@/messages/it/committee.json" with { type: "json" };

const messages = { en, it } as const;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The e-mail inviting an outside expert to a call's evaluation committee: plain text and simple HTML, one link. */
export function renderInvitationMail(locale: Locale, values: { name: string; callTitle: string; link: string; expires: string }) {
  const t = createTranslator({ locale, messages: messages[locale], namespace: "committee.mail" });
  const subject = t("subject", { call: values.callTitle });
  const greeting = t("greeting", { name: values.name });
  const body = t("body", { call: values.callTitle, expires: values.expires });
  const text = ["Tavolo", "", greeting, body, "", values.link, "", t("ignore")].join("\n");
  const link = escapeHtml(values.link);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:600px;margin:0 auto;padding:16px">
<p style="font-size:20px;font-weight:bold;color:#0066cc;margin:0 0 16px">Tavolo</p>
<p>${escapeHtml(greeting)}<br>${escapeHtml(body)}</p>
<p><a href="${link}" style="display:inline-block;background:#0066cc;color:#ffffff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(t("button"))}</a></p>
<p style="word-break:break-all">${link}</p>
<p>${escapeHtml(t("ignore"))}</p>
</body></html>`;
  return { subject, text, html };
}
