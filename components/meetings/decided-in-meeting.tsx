import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { meetingDay } from "@/lib/meetings/format";
import { decisionsForCall } from "@/lib/meetings/queries";

/**
 * "Decided in the meeting of … — minutes": the approved minutes whose decisions name this
 * call (optionally only some kinds), each linking the meeting's page. Nothing when none.
 */
export async function DecidedInMeeting({ callId, kinds }: { callId: string; kinds?: string[] }) {
  const decisions = (await decisionsForCall(await getDb(), callId)).filter((d) => !kinds || (d.kind && kinds.includes(d.kind)));
  if (decisions.length === 0) return null;
  const t = await getTranslations("meetings.decided");
  const locale = await getLocale();
  return (
    <ul className="list-unstyled mb-3" data-testid="decided-in-meeting">
      {decisions.map((d) => (
        <li key={d.itemId}>
          {t.rich("line", {
            kind: d.kind ?? "other",
            date: meetingDay(d.startsAt, locale),
            link: (chunks) => <Link href={`/coalitions/${d.slug}/meetings/${d.meetingId}`}>{chunks}</Link>,
          })}
        </li>
      ))}
    </ul>
  );
}
