import { getTranslations } from "next-intl/server";
import { SuccessMessage } from "@/components/confirm-dialog";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getVoteReminderStatus } from "@/lib/notifications/promoter";
import { VoteReminderButton } from "./vote-reminder";

type Props = { db: Db; actor: Actor; callId: string; votingClosesAt: Date; notVoted: number; done?: string };

/**
 * While the vote runs: the promoters' reminder to those who have not voted. What was sent
 * today comes from the database, so it is still said after a refresh, and the button
 * stays off with the reason until Rome's midnight.
 */
export async function VoteReminderSection({ db, actor, callId, votingClosesAt, notVoted, done }: Props) {
  const status = await getVoteReminderStatus(db, actor, callId);
  if (!status) return null;
  const t = await getTranslations("promoterMessages.reminder");
  const sentToday = status.sentToday && status.last ? t("sentToday", { at: status.last.at, count: status.last.organisations, next: status.nextAt }) : null;
  const blockedBy = sentToday ?? (notVoted === 0 ? t("nobodyLeft") : undefined);
  return (
    <section aria-labelledby="reminder-title" className="mb-4 p-3 border rounded" data-testid="vote-reminder">
      <h3 id="reminder-title" className="h5">
        {t("title")}
      </h3>
      {done === "reminder" && <SuccessMessage testId="reminder-done">{t("done")}</SuccessMessage>}
      <p className="form-hint">{t("hint")}</p>
      {!sentToday && status.last && (
        <p data-testid="reminder-last">{t("lastSent", { at: status.last.at, count: status.last.organisations })}</p>
      )}
      <VoteReminderButton callId={callId} notVoted={notVoted} closesAt={votingClosesAt.toISOString()} blockedBy={blockedBy} />
    </section>
  );
}
