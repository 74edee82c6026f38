import { createTranslator } from "next-intl";
import en from "@/messages/en/notifications.json" with { type: "json" };
import it from "@/messages/it/notifications.json" with { type: "json" };
import type { Locale } from "@/lib/i18n/config";
import { appUrl } from "@/lib/mail/config";
import type { NotificationKind } from "./kinds";
import { optOutToken } from "./opt-out";
import { renderNotification, type NotificationParams } from "./render";

const messages = { en, it } as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * A header value on one line: line breaks, other control characters and the Unicode line and
 * paragraph separators become spaces. Names, titles and a promoter's subject end up in the
 * Subject header; none of them may start a header of its own (whatever the transport does).
 */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

export type RenderedNotificationMail = { subject: string; text: string; html: string; headers: Record<string, string> };

/** The one-click opt-out address of a kind for a person (the page, and RFC 8058's POST target). */
export function optOutUrl(userId: string, kind: NotificationKind): string {
  return `${appUrl()}/notifications/opt-out?token=${encodeURIComponent(optOutToken(userId, kind))}`;
}

/**
 * One notification as an e-mail in the person's language: plain text and simple HTML with the
 * platform's name, the message, its link (written out too), and the links to stop this kind
 * (one click, expiring, nothing else) and to all preferences. No images, pixels or tracking.
 */
export function renderNotificationMail(input: { kind: NotificationKind; params: NotificationParams; href: string; userId: string; name: string; locale: Locale }): RenderedNotificationMail {
  const t = createTranslator({ locale: input.locale, messages: messages[input.locale], namespace: "notifications.mail" });
  const { title, body } = renderNotification(input.kind, input.params, input.locale);
  const link = `${appUrl()}${input.href}`;
  const stop = optOutUrl(input.userId, input.kind);
  const preferences = `${appUrl()}/account/notifications`;
  const platform = t("platform");
  const text = [platform, "", t("greeting", { name: input.name }), "", title, body, "", `${t("open")}: ${link}`, "", "--", `${t("stopKind")}: ${stop}`, `${t("preferences")}: ${preferences}`, t("footer")].join("\n");
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:600px;margin:0 auto;padding:16px">
<p style="font-size:20px;font-weight:bold;color:#0066cc;margin:0 0 16px">${escapeHtml(platform)}</p>
<p>${escapeHtml(t("greeting", { name: input.name }))}</p>
<p><strong>${escapeHtml(title)}</strong><br>${escapeHtml(body).replace(/\n/g, "<br>")}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#0066cc;color:#ffffff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(t("open"))}</a></p>
<p style="word-break:break-all">${escapeHtml(link)}</p>
<hr><p style="font-size:12px;color:#555"><a href="${escapeHtml(stop)}">${escapeHtml(t("stopKind"))}</a> · <a href="${escapeHtml(preferences)}">${escapeHtml(t("preferences"))}</a><br>${escapeHtml(t("footer"))}</p>
</body></html>`;
  return {
    subject: oneLine(`${title} · ${platform}`),
    text,
    html,
    headers: { "List-Unsubscribe": `<${oneLine(stop)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
