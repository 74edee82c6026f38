import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Locale } from "@/lib/i18n/config";

/** The institutional pages kept as plain Markdown in content/<locale>/<name>.md, editable without touching code. */
export const contentPages = ["accessibility", "privacy", "legal-notes", "contacts"] as const;
export type ContentPage = (typeof contentPages)[number];

/** The page's Markdown and its title (the first "# " line, removed from the body). */
export async function readContentPage(name: ContentPage, locale: Locale): Promise<{ title: string; body: string }> {
  const file = path.join(process.cwd(), "content", locale, `${name}.md`);
  const text = await readFile(file, "utf8");
  const match = /^# (.+)\n/.exec(text);
  return match ? { title: match[1].trim(), body: text.slice(match[0].length) } : { title: name, body: text };
}
