import { getTranslations } from "next-intl/server";
import type { ApplicationStatus } from "@/db/schema";

// White text on each of these reads at 4.5:1 or more (bootstrap-italia's bg-warning is dark brown).
const tone: Record<ApplicationStatus, string> = {
  planned: "bg-secondary",
  preparing: "bg-warning",
  submitted: "bg-primary",
  under_review: "bg-primary",
  granted: "bg-success",
  rejected: "bg-danger",
  withdrawn: "bg-dark",
  revoked: "bg-danger",
  closed: "bg-dark",
};

export async function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const t = await getTranslations("funding.statuses");
  return (
    <span className={`badge ${tone[status]}`} data-testid="application-status" data-status={status}>
      {t(status)}
    </span>
  );
}
