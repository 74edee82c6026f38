"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { DeadlineEvent } from "@/lib/calls/policy";
import { durationParts } from "@/lib/time";

type Props = { event: DeadlineEvent; at: string; serverNow: number; absolute: string };

/**
 * "chiude tra 12 giorni, 4 ore (15 dicembre 2026 alle ore 18:00, ora di Roma)". Rendered on
 * the server from the server's clock, then ticks each half minute; when the deadline
 * passes, the page is fetched again so the server decides the new phase.
 */
export function Countdown({ event, at, serverNow, absolute }: Props) {
  const t = useTranslations("calls.countdown");
  const router = useRouter();
  const [current, setCurrent] = useState(serverNow);
  const refreshed = useRef(false);
  const target = new Date(at).getTime();

  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setCurrent(serverNow + Date.now() - started), 30_000);
    return () => clearInterval(timer);
  }, [serverNow]);

  useEffect(() => {
    if (current >= target && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [current, target, router]);

  const { days, hours, minutes } = durationParts(target - current);
  const time = days > 0 ? t("days", { days, hours }) : hours > 0 ? t("hours", { hours, minutes }) : t("minutes", { minutes });
  return (
    <span data-testid="countdown">
      <strong>{t(event, { time })}</strong> <span>({t("at", { date: absolute })})</span>
    </span>
  );
}
