import { getTranslations } from "next-intl/server";

// bootstrap-italia's bg-warning is dark brown: its white badge text reads at ≥ 7:1, dark text at 2.5:1.
const tone = { pending: "bg-warning", verified: "bg-success", rejected: "bg-danger" } as const;

export async function StatusBadge({ status }: { status: keyof typeof tone }) {
  const t = await getTranslations("organisations.statuses");
  return (
    <span className={`badge ${tone[status]}`} data-testid="organisation-status">
      {t(status)}
    </span>
  );
}
