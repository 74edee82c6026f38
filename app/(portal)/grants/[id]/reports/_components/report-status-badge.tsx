import { getTranslations } from "next-intl/server";
import type { ExpenseReportStatus } from "@/db/schema";

// White text reads at 4.5:1 or more on each (bootstrap-italia's bg-warning is dark brown).
const tone: Record<ExpenseReportStatus, string> = { draft: "bg-secondary", submitted: "bg-warning", reviewed: "bg-success" };

export async function ReportStatusBadge({ status }: { status: ExpenseReportStatus }) {
  const t = await getTranslations("expenses.statuses");
  return (
    <span className={`badge ${tone[status]}`} data-testid="report-status" data-status={status}>
      {t(status)}
    </span>
  );
}
