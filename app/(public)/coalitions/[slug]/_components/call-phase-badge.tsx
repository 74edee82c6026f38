import { getTranslations } from "next-intl/server";
import type { CallPhase } from "@/lib/calls/policy";

const tone: Record<CallPhase, string> = {
  draft: "bg-secondary",
  scheduled: "bg-info text-dark",
  open: "bg-success",
  review: "bg-warning text-dark",
  voting: "bg-primary",
  counting: "bg-warning text-dark",
  results: "bg-dark",
  archived: "bg-light text-dark border",
};

export async function CallPhaseBadge({ phase }: { phase: CallPhase }) {
  const t = await getTranslations("calls.phases");
  return (
    <span className={`badge ${tone[phase]}`} data-testid="call-phase">
      {t(phase)}
    </span>
  );
}
