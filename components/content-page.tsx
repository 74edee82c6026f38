import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { isLocale } from "@/lib/i18n/config";
import { readContentPage, type ContentPage } from "@/lib/content/pages";
import { Markdown } from "./markdown";

async function load(name: ContentPage) {
  const locale = await getLocale();
  return readContentPage(name, isLocale(locale) ? locale : "it");
}

export async function contentPageMetadata(name: ContentPage): Promise<Metadata> {
  return { title: (await load(name)).title };
}

/** An institutional page (accessibility statement, privacy notice, legal notes, contacts) from its Markdown file. */
export async function ContentPageView({ name }: { name: ContentPage }) {
  const { title, body } = await load(name);
  return (
    <article className="content-page" style={{ maxWidth: "48rem" }}>
      <h1 className="mb-4">{title}</h1>
      <Markdown>{body}</Markdown>
    </article>
  );
}
