import { getTranslations } from "next-intl/server";
import type { CallPhase } from "@/lib/calls/policy";

const tone: Record<CallPhase, string> = {
  draft: "bg-secondary",
  // bootstrap-italia's bg-info and bg-warning are dark: white text (its default) reads at ≥ 7:1, dark text at 2.5:1.
  scheduled: "bg-info",
  open: "bg-success",
  review: "bg-warning",
  voting: "bg-primary",
  counting: "bg-warning",
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
