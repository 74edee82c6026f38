import Link from "next/link";
import { getTranslations } from "next-intl/server";

type Crumb = { href: string; label: string };

/** The trail from the coalition down to this page, as bootstrap-italia draws it. */
export async function Breadcrumb({ trail, current }: { trail: Crumb[]; current: string }) {
  const t = await getTranslations("site");
  return (
    <nav aria-label={t("breadcrumb")} className="breadcrumb-container mb-3">
      <ol className="breadcrumb">
        {trail.map((c) => (
          <li className="breadcrumb-item" key={c.href}>
            <Link href={c.href}>{c.label}</Link>
            <span className="separator" aria-hidden="true">
              /
            </span>
          </li>
        ))}
        <li className="breadcrumb-item active" aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}

/** The usual trail of a page below a call: coalition, then call. */
export function callTrail(call: { coalitionSlug: string; coalitionName: string; id: string; title: string }): Crumb[] {
  return [
    { href: `/coalitions/${call.coalitionSlug}`, label: call.coalitionName },
    { href: `/coalitions/${call.coalitionSlug}/calls/${call.id}`, label: call.title },
  ];
}
