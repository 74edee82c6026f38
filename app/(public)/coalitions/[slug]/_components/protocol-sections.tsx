import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { countAdherents, getCurrentProtocol, PER_THEME, themesOverview } from "@/lib/protocol/queries";
import { formatRome } from "@/lib/time";

type Props = { coalition: { id: string; slug: string }; membersTotal: number };

/**
 * The coalition page's protocol sections: the version in force with its adherents (a link to
 * the protocol's page), then per priority theme the published calls that serve it and the
 * funded projects, PER_THEME of each with a link to the rest.
 */
export async function ProtocolSections({ coalition, membersTotal }: Props) {
  const db = await getDb();
  const current = await getCurrentProtocol(db, coalition.id);
  const t = await getTranslations("protocol");
  const locale = await getLocale();
  const [adherents, themes] = current ? await Promise.all([countAdherents(db, current.id), themesOverview(db, coalition.id, current.themes.map((th) => th.key))]) : [0, []];
  const labelOf = new Map(current?.themes.map((th) => [th.key, th.label]));
  return (
    <>
      <section aria-labelledby="protocol-title" className="mt-4" data-testid="coalition-protocol">
        <h2 id="protocol-title" className="h4">
          {t("section.title")}
        </h2>
        <p>
          {current
            ? t("section.current", { version: current.version, date: formatRome(current.publishedAt, locale), adherents, members: membersTotal })
            : t("section.none")}
        </p>
        {current && (
          <p>
            <Link href={`/coalitions/${coalition.slug}/protocol`} data-testid="coalition-protocol-link">
              {t("section.read")}
            </Link>
          </p>
        )}
      </section>
      {themes.length > 0 && (
        <section aria-labelledby="priority-themes-title" className="mt-4" data-testid="coalition-themes">
          <h2 id="priority-themes-title" className="h4">
            {t("themes.title")}
          </h2>
          <p>{t("themes.intro")}</p>
          <div className="row g-3">
            {themes.map((theme) => (
              <div className="col-md-6" key={theme.key}>
                <div className="border rounded p-3 h-100" data-testid="coalition-theme">
                  <h3 className="h5">{labelOf.get(theme.key)}</h3>
                  <p className="fw-semibold mb-1">
                    {t("themes.calls", { count: theme.callTotal })}
                    {theme.callTotal > theme.calls.length && ` (${t("themes.shown", { shown: theme.calls.length })})`}
                  </p>
                  {theme.calls.length > 0 && (
                    <ul>
                      {theme.calls.map((c) => (
                        <li key={c.id}>
                          <Link href={`/coalitions/${coalition.slug}/calls/${c.id}`}>{c.title}</Link>
                        </li>
                      ))}
                    </ul>
                  )}
                  <p className="fw-semibold mb-1">
                    {t("themes.projects", { count: theme.projectTotal })}
                    {theme.projectTotal > theme.projects.length && ` (${t("themes.shown", { shown: theme.projects.length })})`}
                  </p>
                  {theme.projects.length > 0 && (
                    <ul>
                      {theme.projects.map((p) => (
                        <li key={p.id}>
                          <Link href={`/coalitions/${coalition.slug}/calls/${p.callId}`}>{t("themes.projectOf", { title: p.title, lead: p.lead })}</Link>
                        </li>
                      ))}
                    </ul>
                  )}
                  {(theme.callTotal > PER_THEME || theme.projectTotal > PER_THEME) && (
                    <Link href={`/calls?coalition=${encodeURIComponent(coalition.slug)}`}>{t("themes.more")}</Link>
                  )}
                </div>
              </div>
            ))}
          </div>
        </section>
      )}
    </>
  );
}

/** The call page's line: the protocol themes the call serves, by their labels in the protocol in force (the key when a later amendment dropped it). */
export async function CallProtocolThemes({ coalitionId, keys }: { coalitionId: string; keys: readonly string[] }) {
  if (keys.length === 0) return null;
  const current = await getCurrentProtocol(await getDb(), coalitionId);
  const labelOf = new Map(current?.themes.map((th) => [th.key, th.label]));
  const t = await getTranslations("calls");
  return (
    <>
      <dt>{t("fields.protocolThemes")}</dt>
      <dd data-testid="call-protocol-themes">{keys.map((k) => labelOf.get(k) ?? k).join(", ")}</dd>
    </>
  );
}
