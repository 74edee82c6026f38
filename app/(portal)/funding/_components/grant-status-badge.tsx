import { getTranslations } from "next-intl/server";
import type { GrantStatus } from "@/db/schema";

// White text on each of these reads at 4.5:1 or more (bootstrap-italia's bg-warning is dark brown).
const tone: Record<GrantStatus, string> = {
  granted: "bg-success",
  in_progress: "bg-primary",
  reported: "bg-warning",
  closed: "bg-dark",
  revoked: "bg-danger",
};

/** A pact grant's status, with "late" beside it when its final report is overdue. */
export async function GrantStatusBadge({ status, isLate = false }: { status: GrantStatus; isLate?: boolean }) {
  const t = await getTranslations("fundingDashboards");
  return (
    <>
      <span className={`badge ${tone[status]}`} data-testid="grant-status" data-status={status}>
        {t(`grantStatuses.${status}`)}
      </span>
      {isLate && (
        <>
          {" "}
          <span className="badge bg-danger" data-testid="grant-late">
            {t("late")}
          </span>
        </>
      )}
    </>
  );
}
