import { createTranslator } from "next-intl";
import en from "@/messages/en/notifications.json" with { type: "json" };
import it from "@/messages/it/notifications.json" with { type: "json" };
import type { Locale } from "@/lib/i18n/config";
import { appUrl } from "@/lib/mail/config";
import { isNotificationKind } from "./kinds";
import { escapeHtml, optOutUrl, type RenderedNotificationMail } from "./mail";
import { renderNotification, type NotificationParams } from "./render";

const messages = { en, it } as const;

export type DigestItem = { kind: string; params: NotificationParams; href: string };

/**
 * The daily digest of one person, in their language: the platform's name, the greeting,
 * "what happened", then each notification (title, body, its link written out) with the
 * link to stop e-mails of that kind, and the link to all preferences. Plain text and simple
 * HTML, every value escaped; no images, pixels or tracking.
 */
export function renderDigestMail(input: { userId: string; name: string; locale: Locale; items: DigestItem[] }): RenderedNotificationMail {
  const t = createTranslator({ locale: input.locale, messages: messages[input.locale], namespace: "notifications.mail" });
  const platform = t("platform");
  const preferences = `${appUrl()}/account/notifications`;
  const items = input.items.map((item) => {
    const { title, body } = renderNotification(item.kind, item.params, input.locale);
    return { title, body, link: `${appUrl()}${item.href}`, stop: isNotificationKind(item.kind) ? optOutUrl(input.userId, item.kind) : null };
  });
  // "3 updates on Tavolo": the platform is in the subject already.
  const subject = t("digestSubject", { count: items.length });

  const text = [
    platform,
    "",
    t("greeting", { name: input.name }),
    "",
    t("digestIntro"),
    "",
    ...items.flatMap((item, i) => [
      `${i + 1}. ${item.title}`,
      ...(item.body ? [item.body] : []),
      `${t("open")}: ${item.link}`,
      ...(item.stop ? [`${t("stopKind")}: ${item.stop}`] : []),
      "",
    ]),
    "--",
    `${t("preferences")}: ${preferences}`,
    t("footer"),
  ].join("\n");

  const list = items
    .map(
      (item) => `<li style="margin:0 0 16px">
<strong>${escapeHtml(item.title)}</strong>${item.body ? `<br>${escapeHtml(item.body).replace(/\n/g, "<br>")}` : ""}<br>
<a href="${escapeHtml(item.link)}" style="color:#0066cc">${escapeHtml(t("open"))}</a>${
        item.stop ? ` · <a href="${escapeHtml(item.stop)}" style="color:#555;font-size:12px">${escapeHtml(t("stopKind"))}</a>` : ""
      }
</li>`,
    )
    .join("\n");
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:600px;margin:0 auto;padding:16px">
<p style="font-size:20px;font-weight:bold;color:#0066cc;margin:0 0 16px">${escapeHtml(platform)}</p>
<p>${escapeHtml(t("greeting", { name: input.name }))}</p>
<p>${escapeHtml(t("digestIntro"))}</p>
<ol style="padding-left:20px">
${list}
</ol>
<hr><p style="font-size:12px;color:#555"><a href="${escapeHtml(preferences)}">${escapeHtml(t("preferences"))}</a><br>${escapeHtml(t("footer"))}</p>
</body></html>`;
  return {
    subject,
    text,
    html,
    // No single kind to stop: the header leads to the preferences page (no one-click POST).
    headers: { "List-Unsubscribe": `<${preferences}>` },
  };
}
